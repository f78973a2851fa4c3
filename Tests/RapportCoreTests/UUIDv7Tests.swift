import Foundation
import RapportCore
import Testing

@Suite struct UUIDv7Tests {
    static func bytes(_ uuid: UUID) -> [UInt8] { withUnsafeBytes(of: uuid.uuid) { Array($0) } }

    @Test(arguments: [UInt64(0), 1, 1_763_806_421_123, 0xFFFF_FFFF_FFFF])
    func carriesVersionVariantAndMilliseconds(ms: UInt64) {
        var generator = SeededGenerator(seed: ms)
        for _ in 0..<50 {
            let b = Self.bytes(UUIDv7.make(milliseconds: ms, using: &generator))
            #expect(b[6] >> 4 == 7, "version")
            #expect(b[8] >> 6 == 0b10, "variant")
            let stamp = b[0..<6].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            #expect(stamp == ms)
        }
    }

    @Test func madeForADateCarriesItsMilliseconds() {
        let uuid = UUIDv7.make(at: Date(timeIntervalSince1970: 1_700_000_000.123))
        let stamp = Self.bytes(uuid)[0..<6].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        #expect((1_700_000_000_122...1_700_000_000_123).contains(stamp))
    }

    @Test func laterMillisecondsSortLater() {
        var generator = SeededGenerator(seed: 7)
        var ids: [ID<Contact>] = []
        for ms in stride(from: UInt64(1_700_000_000_000), to: 1_700_000_000_000 + 2000, by: 7) {
            ids.append(ID(UUIDv7.make(milliseconds: ms, using: &generator)))
        }
        #expect(ids.sorted() == ids)
        #expect(ids.map(\.description).sorted() == ids.map(\.description))
        #expect(ids.map(\.uuid.uuidString).sorted() == ids.map(\.uuid.uuidString))
    }

    @Test func sameSeedGivesTheSameID() {
        var a = SeededGenerator(seed: 42)
        var b = SeededGenerator(seed: 42)
        #expect(UUIDv7.make(milliseconds: 5, using: &a) == UUIDv7.make(milliseconds: 5, using: &b))
    }

    @Test func newIDsAreDistinctVersion7() {
        let ids = (0..<1000).map { _ in ID<Contact>.make() }
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { Self.bytes($0.uuid)[6] >> 4 == 7 })
    }

    @Test func idsReadTheirTextBackAndRefuseOtherText() throws {
        let id = ID<Account>.make()
        #expect(id.description == id.description.lowercased())
        #expect(ID<Account>(id.description) == id)
        #expect(ID<Account>(id.description.uppercased()) == id)
        #expect(ID<Account>("not-a-uuid") == nil)
        #expect(ID<Account>("") == nil)
        let encoded = try JSONEncoder().encode(id)
        #expect(try JSONDecoder().decode(ID<Account>.self, from: encoded) == id)
    }
}
