import RapportCore
import Testing

@Suite struct EmailAddressTests {
    @Test(
        arguments: [
            (" Jane.Doe@Example.COM ", "jane.doe@example.com"),
            ("\tZOE@globex.io\n", "zoe@globex.io"),
            ("a+tag@sub.example.co.uk", "a+tag@sub.example.co.uk"),
            ("o'brien@example.ie", "o'brien@example.ie"),
            ("first_last-1@my-company.com", "first_last-1@my-company.com"),
            ("x@xn--bcher-kva.example", "x@xn--bcher-kva.example"),
            ("hans@müller.de", "hans@müller.de"),
            ("zoë@example.fr", "zoë@example.fr"),
            ("123@example.com", "123@example.com"),
        ])
    func normalisesValidAddresses(raw: String, normalised: String) throws {
        let email = try EmailAddress(raw)
        #expect(email.value == normalised)
        #expect(email.description == normalised)
    }

    @Test func domainIsThePartAfterTheAt() throws {
        #expect(try EmailAddress("Jane@Sub.Example.COM").domain == "sub.example.com")
    }

    @Test func equalAfterNormalisation() throws {
        #expect(try EmailAddress("JANE@example.com") == EmailAddress("jane@EXAMPLE.com "))
    }

    @Test(
        arguments: [
            "",
            "   ",
            "plainaddress",
            "@example.com",
            "jane@",
            "jane@example",
            "jane@example.c",
            "jane@@example.com",
            "jane@bob@example.com",
            "jane doe@example.com",
            "jane@exa mple.com",
            ".jane@example.com",
            "jane.@example.com",
            "ja..ne@example.com",
            "jane@-example.com",
            "jane@example-.com",
            "jane@example..com",
            "jane@.example.com",
            "jane@example.com.",
            "jane@exa_mple.com",
            "jane@123.45",
            "jane(comment)@example.com",
            "<jane@example.com>",
            "\"jane\"@example.com",
            "jane@example.com; DROP TABLE users",
            String(repeating: "a", count: 65) + "@example.com",
            "a@" + String(repeating: "b", count: 64) + ".com",
            "a@" + Array(repeating: String(repeating: "b", count: 60), count: 5).joined(separator: ".") + ".com",
        ])
    func rejectsInvalidShapes(raw: String) {
        #expect(throws: RapportError.invalid(field: "email", reason: "is not a valid email address")) {
            try EmailAddress(raw)
        }
    }

    @Test func acceptsTheLongestLocalPart() throws {
        let local = String(repeating: "a", count: 64)
        #expect(try EmailAddress(local + "@example.com").value == local + "@example.com")
    }
}
