import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import RapportCore
import RapportServer
import RapportStore
import RapportTesting
import Testing

/// A browser-like session over the test client: keeps cookies and reads form tokens from pages.
struct Browser {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]

    var cookieHeader: HTTPFields {
        cookies.isEmpty ? [:] : [.cookie: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")]
    }

    mutating func get(_ uri: String) async throws -> TestResponse {
        let response = try await client.execute(uri: uri, method: .get, headers: cookieHeader)
        keepCookies(response)
        return response
    }

    mutating func post(_ uri: String, _ form: [String: String]) async throws -> TestResponse {
        var headers = cookieHeader
        headers[.contentType] = "application/x-www-form-urlencoded"
        let encoded = form.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        let response = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: encoded))
        keepCookies(response)
        return response
    }

    mutating func keepCookies(_ response: TestResponse) {
        for field in response.headers where field.name == .setCookie {
            let pair = field.value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            if field.value.contains("Max-Age=0") { cookies[String(pair[0])] = nil } else { cookies[String(pair[0])] = String(pair[1]) }
        }
    }

    /// Signs in through the login form.
    mutating func signIn(_ email: String, password: String = TestApp.password) async throws -> TestResponse {
        _ = try await get("/login")
        return try await post("/login", ["email": email, "password": password, "_csrf": cookies["rapport_csrf"] ?? ""])
    }

    /// The CSRF token a page's forms carry.
    static func csrf(in html: String) -> String? {
        guard let range = html.range(of: "name=\"_csrf\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix(while: { $0 != "\"" }))
    }

    static func encode(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }
}

@Suite struct WebTests {
    @Test(arguments: TestDatabase.all)
    func signingInOpensASessionAndSigningOutEndsIt(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            var browser = Browser(client: client)
            let redirect = try await browser.get("/accounts")
            #expect(redirect.status == .seeOther)
            #expect(redirect.headers[.location] == "/login?next=%2Faccounts")
            let login = try await browser.signIn("sam@example.com")
            #expect(login.status == .seeOther)
            #expect(login.headers[.location] == "/home")
            let setCookie = login.headers[values: .setCookie].first { $0.hasPrefix("rapport_session=") } ?? ""
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Lax"))
            let home = try await browser.get("/home")
            #expect(home.status == .ok)
            #expect(home.text.contains("Sam"))
            #expect(home.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            let csrf = try #require(Browser.csrf(in: home.text))
            let logout = try await browser.post("/logout", ["_csrf": csrf])
            #expect(logout.status == .seeOther)
            let after = try await browser.get("/home")
            #expect(after.status == .seeOther)
        }
    }

    @Test(arguments: TestDatabase.all)
    func formsWithoutTheCSRFTokenAreRefused(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            var browser = Browser(client: client)
            _ = try await browser.signIn("sam@example.com")
            let forged = try await browser.post("/accounts", ["name": "Forged Inc", "type": "customer"])
            #expect(forged.status == .forbidden)
            let wrong = try await browser.post("/accounts", ["name": "Forged Inc", "type": "customer", "_csrf": "guess"])
            #expect(wrong.status == .forbidden)
            let loginForged = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "email=sam%40example.com&password=x"))
            #expect(loginForged.status == .forbidden)
            let page = try await app.store.accounts.list(ListQuery(), by: .system(app.workspace.id))
            #expect(page.items.isEmpty)
        }
    }

    @Test(arguments: TestDatabase.all)
    func theListFilterFormWorksAsBrowsersEncodeIt(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let sam = try await app.store.directory.principal(for: app.salesRep)
            for (name, type) in [("Umbrella Corp", "customer"), ("Cyberdyne", "prospect")] {
                var input = Input(JSONObject(["name": .string(name), "type": .string(type)]))
                _ = try await app.store.accounts.create(RecordChanges<Account>.read(&input, defaultCountry: "US"), by: sam)
            }
            var browser = Browser(client: client)
            _ = try await browser.signIn("sam@example.com")
            // A GET form sends the brackets percent-encoded and blank selects as empty values.
            let page = try await browser.get("/accounts?q=&filter%5Btype%5D=customer&filter%5Bowner_id%5D=")
            #expect(page.status == .ok)
            #expect(page.text.contains("Umbrella Corp"))
            #expect(!page.text.contains("Cyberdyne"))
        }
    }

    @Test(arguments: TestDatabase.all)
    func repeatedFailedSignInsAreThrottled(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            var browser = Browser(client: client)
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<6 { statuses.append(try await browser.signIn("sue@example.com", password: "wrong password").status) }
            #expect(statuses.prefix(4).allSatisfy { $0 == .unauthorized })
            #expect(statuses.last == .tooManyRequests)
            _ = try await browser.get("/login")
            let locked = try await browser.post(
                "/login", ["email": "sue@example.com", "password": TestApp.password, "_csrf": browser.cookies["rapport_csrf"] ?? ""])
            #expect(locked.status == .tooManyRequests)
            #expect(locked.headers[.retryAfter].flatMap(Int.init) ?? 0 > 0)
        }
    }

    @Test(arguments: TestDatabase.all)
    func creatingAnAccountThroughTheFormShowsItEscaped(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            var browser = Browser(client: client)
            _ = try await browser.signIn("sam@example.com")
            let form = try await browser.get("/accounts/new")
            #expect(form.status == .ok)
            let csrf = try #require(Browser.csrf(in: form.text))
            let invalid = try await browser.post(
                "/accounts", ["_csrf": csrf, "name": "", "type": "customer", "website": "not a site", "employees": "many"])
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.text.contains("field-error"))
            #expect(invalid.text.contains("not a site"), "typed values are kept")
            let created = try await browser.post(
                "/accounts", ["_csrf": csrf, "name": "<script>alert(1)</script> Labs", "type": "customer", "phones": "+44 20 7946 0958"])
            #expect(created.status == .seeOther)
            let location = try #require(created.headers[.location])
            #expect(location.hasPrefix("/accounts/"))
            let page = try await browser.get(location)
            #expect(page.status == .ok)
            #expect(!page.text.contains("<script>alert(1)</script>"))
            #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt; Labs"))
            #expect(page.text.contains("tel:+442079460958"))
            #expect(page.text.contains("Account created."))
        }
    }

    @Test(arguments: TestDatabase.all)
    func editingWithAStaleVersionKeepsTheTypedValuesAndSaysWhy(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let sam = try await app.store.directory.principal(for: app.salesRep)
            var input = Input(JSONObject(["last_name": "Hopper"]))
            let contact = try await app.store.contacts.create(RecordChanges<Contact>.read(&input, defaultCountry: "US"), by: sam)
            var later = Input(JSONObject(["title": "Admiral"]))
            _ = try await app.store.contacts.update(contact.id, RecordChanges<Contact>.read(&later, defaultCountry: "US"), expecting: 1, by: sam)
            var browser = Browser(client: client)
            _ = try await browser.signIn("sam@example.com")
            let edit = try await browser.get("/contacts/\(contact.id)/edit")
            let csrf = try #require(Browser.csrf(in: edit.text))
            let response = try await browser.post(
                "/contacts/\(contact.id)", ["_csrf": csrf, "version": "1", "last_name": "Hopper", "title": "Rear Admiral"])
            #expect(response.status == .conflict)
            #expect(response.text.contains("Rear Admiral"))
            #expect(response.text.contains("Someone else saved"))
            let stored = try await app.store.contacts.get(contact.id, by: sam)
            #expect(stored["title"]?.text == "Admiral")
        }
    }
}
