import RapportCore
import Testing

@Suite struct PhoneNumberTests {
    @Test(
        arguments: [
            // North America, national forms read in the US.
            ("(415) 555-0100", "US", "+14155550100"),
            ("415.555.0100", "US", "+14155550100"),
            ("415 555 0100", "US", "+14155550100"),
            ("1-415-555-0100", "US", "+14155550100"),
            ("1 (415) 555-0100", "CA", "+14155550100"),
            ("tel:+1-415-555-0100", "US", "+14155550100"),
            // International forms ignore the default country.
            ("+1 (415) 555-0100", "GB", "+14155550100"),
            ("+44 20 7946 0958", "US", "+442079460958"),
            ("  +61 2 9374 4000 ", "US", "+61293744000"),
            ("011 44 20 7946 0958", "US", "+442079460958"),
            ("0033 1 23 45 67 89", "US", "+33123456789"),
            ("0033 1 23 45 67 89", "DE", "+33123456789"),
            // "(0)" after an international prefix is the trunk marker, dialled only from inside the country.
            ("+33 (0)1 23 45 67 89", "US", "+33123456789"),
            ("+44 (0)20 7946 0958", "US", "+442079460958"),
            ("+44 (0) 20 7946 0958", "FR", "+442079460958"),
            ("+49 (0)30 1234567", "US", "+49301234567"),
            ("0049 (0)30 1234567", "US", "+49301234567"),
            // National forms: the trunk prefix is dropped and the calling code added.
            ("020 7946 0958", "GB", "+442079460958"),
            ("020-7946-0958", "gb", "+442079460958"),
            ("01 23 45 67 89", "FR", "+33123456789"),
            ("030 1234567", "DE", "+49301234567"),
            ("(02) 9374 4000", "AU", "+61293744000"),
            ("03-1234-5678", "JP", "+81312345678"),
            // Italy has no trunk prefix: the leading 0 is part of the number.
            ("06 1234 5678", "IT", "+390612345678"),
        ])
    func normalisesToE164(raw: String, country: String, e164: String) throws {
        let number = try PhoneNumber(raw, defaultCountry: country)
        #expect(number.e164 == e164)
        #expect(number.extensionDigits == nil)
        #expect(number.description == e164)
    }

    @Test(
        arguments: [
            ("+1 415 555 0100 ext. 12", "+14155550100", "12"),
            ("(415) 555-0100 x7", "+14155550100", "7"),
            ("(415) 555-0100 X 7", "+14155550100", "7"),
            ("+44 20 7946 0958 extension 2201", "+442079460958", "2201"),
            ("415-555-0100 ext 33", "+14155550100", "33"),
            ("415-555-0100 #33", "+14155550100", "33"),
        ])
    func keepsExtensionsApart(raw: String, e164: String, ext: String) throws {
        let number = try PhoneNumber(raw, defaultCountry: "US")
        #expect(number.e164 == e164)
        #expect(number.extensionDigits == ext)
        #expect(number.description == "\(e164);ext=\(ext)")
    }

    @Test func storedFormReadsBackWithItsExtension() throws {
        let number = try PhoneNumber("+1 415 555 0100 ext. 12")
        let back = PhoneNumber(trusted: number.description)
        #expect(back == number)
        #expect(PhoneNumber(trusted: "+442079460958") == (try PhoneNumber("+44 20 7946 0958")))
    }

    @Test(
        arguments: [
            ("", "US"),
            ("   ", "US"),
            ("call me maybe", "US"),
            ("0800 FLOWERS", "GB"),
            ("+44 20 7946 0958 <script>", "US"),
            ("415-555-0100; DROP TABLE contacts", "US"),
            ("555-0100", "US"),  // seven digits: no area code
            ("+1 555", "US"),  // too short for any country
            ("+123456", "US"),
            ("+1234567890123456", "US"),  // 16 digits: longer than E.164 allows
            ("12345678901234567890", "US"),
            ("0044 20 7946 0958 1234567", "US"),
            ("+0 123 456 789", "US"),  // no calling code starts with 0
            ("020 7946 0958", "ZZ"),  // national form in a country the normaliser does not know
            ("01 23 45 67", "FR"),  // too few digits for France
            ("+", "US"),
            ("()", "US"),
        ])
    func rejectsWhatIsNotAPhoneNumber(raw: String, country: String) {
        #expect(throws: RapportError.self) { try PhoneNumber(raw, defaultCountry: country) }
    }

    @Test func rejectionNamesThePhoneField() {
        let error = #expect(throws: RapportError.self) { try PhoneNumber("not a number") }
        guard case .invalid(let issues)? = error else {
            Issue.record("expected .invalid, got \(String(describing: error))")
            return
        }
        #expect(issues.map(\.field) == ["phone"])
    }

    @Test(arguments: ["US", "GB", "FR", "DE", "JP", "AU", "CA"])
    func knowsTheCountriesItNormalises(country: String) {
        #expect(PhoneNumber.isKnownCountry(country))
        #expect(PhoneNumber.isKnownCountry(country.lowercased()))
    }

    @Test func doesNotKnowMadeUpCountries() {
        #expect(!PhoneNumber.isKnownCountry("ZZ"))
        #expect(!PhoneNumber.isKnownCountry(""))
    }
}
