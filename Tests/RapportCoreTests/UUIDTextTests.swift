import Foundation
import RapportCore
import Testing

@Suite struct UUIDTextTests {
    @Test func writesWhatFoundationWritesInLowerCase() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let uuid = UUIDv7.make(milliseconds: generator.next() >> 16, using: &generator)
            #expect(UUIDText.lowercased(uuid) == uuid.uuidString.lowercased())
            #expect(UUIDText.uppercased(uuid) == uuid.uuidString)
            var bytes: [UInt8] = []
            UUIDText.write(uuid, into: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == uuid.uuidString.lowercased())
            #expect(UUIDText.parse(uuid.uuidString) == uuid)
            #expect(UUIDText.parse(uuid.uuidString.lowercased()) == uuid)
        }
        let extremes = [UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
                        UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255))]
        for uuid in extremes {
            #expect(uuid.lowercasedText == uuid.uuidString.lowercased())
            #expect(UUIDText.parse(uuid.uuidString) == uuid)
        }
    }

    @Test(arguments: [
        "", "0192f3c4", "0192f3c4-0000-7000-8000-00000000000", "0192f3c4-0000-7000-8000-0000000000000",
        "0192f3c400007000800000000000000000aa", "{0192f3c4-0000-7000-8000-000000000000}", "0192f3c4_0000-7000-8000-000000000000",
        "0192f3c4-0000-7000-8000-00000000000g", "0192f3c4-0000-7000-8000-00000000000G", " 0192f3c4-0000-7000-8000-00000000000",
        "0192f3c4-0000-7000-8000-0000000000é", "0192F3C4-ABCD-7EF0-8000-0000000000AA", "0192f3c4-abcd-7ef0-8000-0000000000aa",
        "0192f3c4-0000-7000-8000+000000000000",
    ])
    func readsExactlyWhatFoundationReads(text: String) {
        #expect(UUIDText.parse(text) == UUID(uuidString: text))
    }

    @Test func typedIDsUseTheLowerCaseTextAndOrderByIt() {
        var generator = SystemRandomNumberGenerator()
        let ids = (0..<200).map { _ in ID<Contact>(UUIDv7.make(milliseconds: generator.next() >> 20, using: &generator)) }
        for id in ids {
            #expect(id.description == id.uuid.uuidString.lowercased())
            #expect(ID<Contact>(id.description) == id)
            #expect(ID<Contact>(id.uuid.uuidString) == id)
        }
        #expect(ids.sorted().map(\.description) == ids.map(\.description).sorted())
        #expect(ID<Contact>("not-a-uuid") == nil)
    }
}
