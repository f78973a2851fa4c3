import Foundation

/// The vCard versions Rapport writes; it reads 2.1 as well.
public enum VCardVersion: String, Sendable, CaseIterable {
    case v3 = "3.0"
    case v4 = "4.0"
}

/// One electronic business card (RFC 6350): its properties in the order they were written.
public struct VCard: Sendable, Equatable {
    public var properties: [VCardProperty]

    public init(_ properties: [VCardProperty] = []) { self.properties = properties }

    /// The `VERSION` the card declares (`3.0`, `4.0`, `2.1`), if any.
    public var version: String? { first("VERSION")?.text }

    /// The first property with a name (upper-case).
    public func first(_ name: String) -> VCardProperty? { properties.first { $0.name == name } }

    /// Every property with a name (upper-case).
    public func all(_ name: String) -> [VCardProperty] { properties.filter { $0.name == name } }

    /// The text of the property with `name` in the same group as `property` (Apple pairs a
    /// `item1.TEL` with an `item1.X-ABLabel`).
    public func companion(_ name: String, of property: VCardProperty) -> String? {
        guard let group = property.group else { return nil }
        return properties.first { $0.group == group && $0.name == name }?.text
    }

    /// The card as text: `BEGIN:VCARD` … `END:VCARD`, CRLF line ends, folded at 75 octets.
    public func serialized() -> String {
        var out = "BEGIN:VCARD\r\n"
        for property in properties { out += property.serialized() }
        out += "END:VCARD\r\n"
        return out
    }
}

/// A property parameter: its upper-case name and its values (`TYPE=work,voice` has two).
public struct VCardParameter: Sendable, Equatable {
    public var name: String
    public var values: [String]

    public init(_ name: String, _ values: [String]) {
        self.name = name.uppercased()
        self.values = values
    }
}

/// One content line of a card: `item1.EMAIL;TYPE=work:ann@example.com`.
public struct VCardProperty: Sendable, Equatable {
    /// The group prefix (`item1`), if any.
    public var group: String?
    /// The upper-case property name.
    public var name: String
    public var parameters: [VCardParameter]
    /// The value as written, still escaped (quoted-printable and charsets already decoded).
    public var rawValue: String

    public init(group: String? = nil, _ name: String, _ parameters: [VCardParameter] = [], raw: String) {
        self.group = group
        self.name = name.uppercased()
        self.parameters = parameters
        self.rawValue = raw
    }

    /// A TEXT property, escaped for writing.
    public static func text(_ name: String, _ value: String, _ parameters: [VCardParameter] = []) -> VCardProperty {
        VCardProperty(name, parameters, raw: ContentLine.escape(value))
    }

    /// A structured property (`N`, `ADR`): components separated by `;`, each escaped.
    public static func structured(_ name: String, _ components: [String], _ parameters: [VCardParameter] = [])
        -> VCardProperty
    {
        VCardProperty(name, parameters, raw: components.map(ContentLine.escape).joined(separator: ";"))
    }

    /// A list property (`CATEGORIES`): values separated by `,`, each escaped.
    public static func list(_ name: String, _ values: [String], _ parameters: [VCardParameter] = []) -> VCardProperty {
        VCardProperty(name, parameters, raw: values.map(ContentLine.escape).joined(separator: ","))
    }

    /// The whole value as text, unescaped.
    public var text: String { ContentLine.unescape(rawValue[...]) }

    /// The `;`-separated components, unescaped.
    public var components: [String] { ContentLine.split(rawValue[...], on: ";").map { ContentLine.unescape($0) } }

    /// The `;`-separated components, each split into its `,`-separated values, unescaped.
    public var componentLists: [[String]] {
        ContentLine.split(rawValue[...], on: ";").map { component in
            ContentLine.split(component, on: ",").map { ContentLine.unescape($0) }
        }
    }

    /// The `,`-separated values, unescaped.
    public var listValues: [String] { ContentLine.split(rawValue[...], on: ",").map { ContentLine.unescape($0) } }

    /// Values of a parameter, across repeats (`TYPE=work;TYPE=cell`) and lists (`TYPE=work,cell`).
    public func parameter(_ name: String) -> [String] {
        let upper = name.uppercased()
        return parameters.filter { $0.name == upper }.flatMap(\.values)
    }

    /// The `TYPE` values, lower-cased; a quoted list (`TYPE="work,voice"`) counts as its items, as
    /// RFC 6350's own examples mean it.
    public var types: Set<String> {
        Set(parameter("TYPE").flatMap { $0.split(separator: ",") }.map { String($0).trimmingWhitespace().lowercased() })
    }

    /// Whether the card marks this property as preferred (`PREF=1` in 4.0, `TYPE=pref` before).
    public var isPreferred: Bool { types.contains("pref") || parameter("PREF").contains { $0 == "1" } }

    /// The property as a folded content line.
    public func serialized() -> String {
        var head = group.map { $0 + "." } ?? ""
        head += name
        for parameter in parameters {
            head += ";" + parameter.name + "=" + parameter.values.map(ContentLine.quoteParameter).joined(separator: ",")
        }
        return ContentLine.fold(head + ":" + rawValue)
    }
}
