import Foundation
/// vCards as real address books write them, written out by hand from their export formats.
enum VCardSamples {
    /// macOS Contacts (3.0): `type=` repeated, groups with `X-ABLabel`/`X-ABADR`, a folded base64
    /// photo, CRLF line ends and lines folded at 75 characters.
    static let apple = crlf(
        """
        BEGIN:VCARD
        VERSION:3.0
        PRODID:-//Apple Inc.//macOS 14.2.1//EN
        N:Ångström;Zoë;Maria;Dr.;
        FN:Dr. Zoë Maria Ångström
        ORG:Nordlicht AB;Forskning
        TITLE:Head of Research
        item1.EMAIL;type=INTERNET;type=pref:zoe@nordlicht.se
        item1.X-ABLabel:_$!<Work>!$_
        EMAIL;type=INTERNET;type=HOME:zoe.angstrom@example.se
        item2.TEL;type=pref:+46 8 123 456 78
        item2.X-ABLabel:_$!<Main>!$_
        TEL;type=IPHONE;type=CELL;type=VOICE:+46 70 123 45 67
        TEL;type=HOME;type=FAX:+46 8 765 432 10
        item3.ADR;type=WORK;type=pref:;;Drottninggatan 1;Stockholm;;111 51;Sverige
        item3.X-ABADR:se
        NOTE:Met at the Nordic CRM Summit\\, 2023.\\nPrefers mornings\\; never Frid
         ays.
        BDAY:1985-04-15
        PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAASABIAAD/4QBMRXhpZgAATU0AKgAAAAgA
         AYdpAAQAAAABAAAAGgAAAAAAA6ABAAMAAAABAAEAAKACAAQAAAABAAAAZKADAAQAAAABAAAAZAAA
         AAD/7QA4UGhvdG9zaG9wIDMuMAA4QklNBAQAAAAAAAA4QklNBCUAAAAAABDUHYzZjwCyBOmACZjs
         +EJ+/8AAEQgAZABkAwEiAAIRAQMRAf/EAB8AAAEFAQEBAQEBAAAAAAAAAAABAgMEBQYHCAkKC//E==
        X-SOCIALPROFILE;type=linkedin;x-user=zoeangstrom:https://www.linkedin.com/in/zoeangstrom
        X-ABUID:5AD380FD-B2DE-4261-BA99-DE1D1DB52FBE:ABPerson
        END:VCARD
        BEGIN:VCARD
        VERSION:3.0
        PRODID:-//Apple Inc.//macOS 14.2.1//EN
        N:王;伟;;;
        FN:王伟
        ORG:北京数据科技有限公司;
        item1.TEL;type=pref:+86 10 6500 1234
        item1.X-ABLabel:_$!<Work>!$_
        item2.ADR;type=WORK;type=pref:;;朝阳区建国路88号;北京;北京市;100022;中国
        item2.X-ABADR:cn
        BDAY;X-APPLE-OMIT-YEAR=1604:1604-08-09
        END:VCARD

        """)

    /// Google Contacts (3.0): `TYPE=` upper case, `\\:` in URLs, its `myContacts` group.
    static let google = crlf(
        """
        BEGIN:VCARD
        VERSION:3.0
        FN:José Núñez
        N:Núñez;José;;;
        EMAIL;TYPE=INTERNET;TYPE=WORK:jose.nunez@ejemplo.es
        EMAIL;TYPE=INTERNET:jnunez@gmail.com
        TEL;TYPE=CELL:+34 612 34 56 78
        TEL;TYPE=WORK:91 123 45 67
        ADR;TYPE=WORK:;;Calle Mayor 5;Madrid;;28013;España
        ORG:Ejemplo S.L.
        TITLE:Director comercial
        BDAY:1979-11-02
        item1.URL:https\\://ejemplo.es
        item1.X-ABLabel:
        CATEGORIES:myContacts,Clientes,Feria 2024
        END:VCARD

        """)

    /// Outlook (2.1): bare parameters, quoted-printable with soft line breaks in Windows-1252, a
    /// base64 photo whose lines are indented and end with a blank line.
    static let outlook: [UInt8] = latin1(
        crlf(
            """
            BEGIN:VCARD
            VERSION:2.1
            N;LANGUAGE=de-de;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:M=FCller;J=FCrgen
            FN;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:J=FCrgen M=FCller
            ORG:Beispiel GmbH
            TITLE:Einkaufsleiter
            TEL;WORK;VOICE:+49 30 1234567
            TEL;CELL;VOICE:0171 2345678
            ADR;WORK;PREF:;;Hauptstraße 5;Berlin;;10115;Deutschland
            LABEL;WORK;PREF;ENCODING=QUOTED-PRINTABLE:Hauptstra=DFe 5=0D=0ABerlin 10115
            EMAIL;PREF;INTERNET:juergen.mueller@beispiel.de
            NOTE;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:Bevorzugt Anrufe am Vormittag. Gr=F6=DFere Bestellungen im=
             Fr=FChjahr.=0D=0AZweite Zeile.
            PHOTO;TYPE=JPEG;ENCODING=BASE64:
             /9j/4AAQSkZJRgABAQEAYABgAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0a
             HBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgyIRwhMjIyMjIy

            X-MS-OL-DEFAULT-POSTAL-ADDRESS:2
            REV:20240105T101500Z
            END:VCARD

            """
        ))

    /// A 4.0 card: `VALUE=uri` phones, `PREF=1`, quoted `TYPE` lists, a year-less birthday, LF line ends.
    static let modern = """
        BEGIN:VCARD
        VERSION:4.0
        FN:Ann Lee
        N:Lee;Ann;;;
        EMAIL;TYPE=work;PREF=2:ann.lee@example.com
        EMAIL;TYPE=home;PREF=1:ann@home.example
        TEL;VALUE=uri;TYPE="voice,cell":tel:+1-555-555-0100
        TEL;VALUE=uri;TYPE=work;TYPE=voice:tel:+1-555-555-0199;ext=42
        BDAY:--0415
        ADR;TYPE=home;LABEL="12 Main St\\nSpringfield, IL":;;12 Main St;Springfield;IL;62701;USA
        TZ:America/Chicago
        END:VCARD

        """

    static func crlf(_ text: String) -> String { text.replacingOccurrences(of: "\n", with: "\r\n") }

    /// Text as ISO 8859-1 bytes, as old Windows software writes it without saying so.
    static func latin1(_ text: String) -> [UInt8] { text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) } }
}
