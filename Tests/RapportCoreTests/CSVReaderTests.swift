import Foundation
import RapportCore
import Testing

/// Every record of `bytes`, fed to the reader `chunk` bytes at a time.
func csvRecords(_ bytes: [UInt8], separator: Character = ",", encoding: CSVFormat.Encoding = .utf8, chunk: Int = 1 << 20, max: Int = 1 << 20)
    -> [CSVRecord]
{
    var parser = CSVParser(separator: UInt8(ascii: separator.unicodeScalars.first!), encoding: encoding, maxRecordBytes: max)
    var records: [CSVRecord] = []
    var start = 0
    repeat {
        let end = Swift.min(bytes.count, start + chunk)
        parser.append(bytes[start..<end])
        start = end
        if start >= bytes.count { parser.finish() }
        while let record = parser.next() { records.append(record) }
    } while start < bytes.count
    return records
}

func csvFields(_ text: String, separator: Character = ",", chunk: Int = 1 << 20) -> [[String]] {
    csvRecords(Array(text.utf8), separator: separator, chunk: chunk).map(\.fields)
}

@Suite struct CSVReaderTests {
    // MARK: Line ends, quotes, blank lines

    @Test(arguments: ["\r\n", "\n", "\r"])
    func everyLineEndReadsTheSame(_ end: String) {
        let text = ["First Name,Last Name,Email", "Zoë,Müller,zoe@globex.ch", "Ana,Lima,"].joined(separator: end) + end
        #expect(csvFields(text) == [["First Name", "Last Name", "Email"], ["Zoë", "Müller", "zoe@globex.ch"], ["Ana", "Lima", ""]])
        let records = csvRecords(Array(text.utf8))
        #expect(records.map(\.line) == [1, 2, 3])
    }

    @Test func quotedValuesHoldSeparatorsLineBreaksAndDoubledQuotes() {
        let text = "name,note,city\r\n\"Doe, Jane\",\"Said \"\"hi\"\"\r\non two lines\",Paris\r\nBob,plain,Rome\r\n"
        let records = csvRecords(Array(text.utf8))
        #expect(records.map(\.fields) == [["name", "note", "city"], ["Doe, Jane", "Said \"hi\"\non two lines", "Paris"], ["Bob", "plain", "Rome"]])
        // The quoted line break makes the second record span lines 2–3, so Bob is on line 4.
        #expect(records.map(\.line) == [1, 2, 4])
        #expect(records.allSatisfy { $0.problem == nil })
    }

    @Test func strayQuotesInsideOrAfterValuesAreKept() {
        #expect(csvFields("a,b\n5\" screen,\"quoted\"tail\n") == [["a", "b"], ["5\" screen", "quotedtail"]])
    }

    @Test func blankLinesAndRowsOfSeparatorsAreBlank() {
        let records = csvRecords(Array("a,b\n\n,,\n  ,\t\n1,2\n".utf8))
        #expect(records.map(\.isBlank) == [false, true, true, true, false])
        #expect(records.last?.fields == ["1", "2"])
        #expect(records.last?.line == 5)
    }

    @Test func raggedRowsKeepTheValuesTheyHave() {
        #expect(csvFields("a,b,c\n1\n1,2,3,4\n1,2,\n") == [["a", "b", "c"], ["1"], ["1", "2", "3", "4"], ["1", "2", ""]])
    }

    // MARK: The end of the file

    @Test func aLastRowWithoutLineEndAndAQuoteAtTheEndAreRead() {
        #expect(csvFields("a,b\n1,\"two\"") == [["a", "b"], ["1", "two"]])
        #expect(csvFields("a,b\n1,") == [["a", "b"], ["1", ""]])
        #expect(csvFields("a,\"b\"\"\"") == [["a", "b\""]])
    }

    @Test func aQuoteNeverClosedEndsTheRecordAtTheEndOfTheFile() throws {
        let records = csvRecords(Array("a,b\n1,\"open\n2,3\n".utf8))
        #expect(records.count == 2)
        let last = try #require(records.last)
        #expect(last.problem == .unterminatedQuote)
        #expect(last.fields == ["1", "open\n2,3\n"])
    }

    @Test func aQuoteNeverClosedInALargeFileIsReportedAndReadingGoesOn() {
        // A record longer than the limit (an unclosed quote swallowing the file) is cut at its line.
        var text = "a,b\n1,\"never closed\n"
        for n in 0..<200 { text += "filler line \(n),x\n" }
        let records = csvRecords(Array(text.utf8), chunk: 64, max: 512)
        #expect(records[0].fields == ["a", "b"])
        #expect(records[1].problem == .tooLong(limit: 512))
        #expect(records[1].line == 2)
        // Reading resumes with the next line.
        #expect(records[2].fields == ["filler line 0", "x"])
        #expect(records.count == 202)
    }

    @Test func hugeQuotedValuesAreReadWhole() throws {
        let huge = String(repeating: "Lorem ipsum, \"dolor\"\r\nsit amet. ", count: 20_000)
        let escaped = huge.replacingOccurrences(of: "\"", with: "\"\"")
        let text = "id,notes\n1,\"\(escaped)\"\n2,short\n"
        let records = csvRecords(Array(text.utf8), chunk: 4096, max: 8 << 20)
        #expect(records.count == 3)
        let expected = huge.replacingOccurrences(of: "\r\n", with: "\n")
        #expect(records[1].fields[1] == expected)
        #expect(records[1].fields[1].utf8.count > 500_000)
        #expect(records[2].fields == ["2", "short"])
    }

    // MARK: Streaming

    /// However the bytes arrive, the records are the same.
    @Test(arguments: [1, 2, 3, 7, 64, 1000])
    func chunkSizeDoesNotChangeTheRecords(_ chunk: Int) {
        let text = "h1;h2;h3\r\n\"a;1\";\"b\"\"2\"\"\";c\r\n\r\n\"multi\r\nline\";x;\"\"\r\nlast;row;\"quoted at end\""
        let whole = csvRecords(Array(text.utf8), separator: ";")
        let pieces = csvRecords(Array(text.utf8), separator: ";", chunk: chunk)
        #expect(pieces == whole)
        #expect(whole.map(\.fields) == [["h1", "h2", "h3"], ["a;1", "b\"2\"", "c"], [""], ["multi\nline", "x", ""], ["last", "row", "quoted at end"]])
    }

    /// Offsets let a reader start again at any record, as a resumed import does.
    @Test func aReaderStartedAtARecordsOffsetReadsTheSameRest() {
        let text = "a,b\n1,\"x\ny\"\n2,z\r\n3,w"
        let bytes = Array(text.utf8)
        let records = csvRecords(bytes)
        for (index, record) in records.enumerated() {
            #expect(record.endOffset == (index + 1 < records.count ? records[index + 1].offset : Int64(bytes.count)))
            var parser = CSVParser(separator: UInt8(ascii: ","), encoding: .utf8, offset: record.offset, line: record.line)
            parser.append(bytes[Int(record.offset)...])
            parser.finish()
            var rest: [CSVRecord] = []
            while let next = parser.next() { rest.append(next) }
            #expect(rest == Array(records[index...]))
        }
    }

    // MARK: Encodings

    @Test func aByteOrderMarkIsPassedOver() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("First Name,Email\nZoë,zoe@x.com\n".utf8)
        let format = try CSVFormat.sniff(bytes, isWholeFile: true)
        #expect(format.hasBOM)
        #expect(format.encoding == .utf8)
        #expect(format.headerOffset == 3)
        let records = csvRecords(Array(bytes[3...]))
        #expect(records[0].fields == ["First Name", "Email"])
        #expect(records[1].fields == ["Zoë", "zoe@x.com"])
    }

    @Test func windows1252FilesAreRecognisedAndRead() throws {
        // "Müller;Straße;€ 5;“quoted”" in Windows-1252.
        let bytes: [UInt8] = Array("name;street;price;note\n".utf8) + [0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72, 0x3B, 0x53, 0x74, 0x72, 0x61, 0xDF, 0x65, 0x3B, 0x80, 0x20, 0x35, 0x3B, 0x93, 0x71, 0x94, 0x0A]
        let format = try CSVFormat.sniff(bytes, isWholeFile: true)
        #expect(format.encoding == .windows1252)
        #expect(format.separator == UInt8(ascii: ";"))
        let records = csvRecords(bytes, separator: ";", encoding: format.encoding)
        #expect(records[1].fields == ["Müller", "Straße", "€ 5", "“q”"])
    }

    @Test func aStrayLatin1ValueInAUTF8FileIsStillRead() {
        let bytes = Array("name,city\nZoë,Zürich\n".utf8) + [0x4A, 0xFC, 0x72, 0x67, 0x65, 0x6E] + Array(",M\u{00FC}nchen\n".utf8)
        let records = csvRecords(bytes)
        #expect(records[1].fields == ["Zoë", "Zürich"])
        #expect(records[2].fields == ["Jürgen", "München"])
    }

    @Test func aUTF8SequenceCutAtTheEndOfTheSampleIsNotLatin1() throws {
        let full = Array("name\nZoë\n".utf8)
        // The sample ends inside ë (0xC3 0xAB).
        let cut = Array(full.prefix(8))
        #expect(cut.last == 0xC3)
        #expect(try CSVFormat.sniff(cut, isWholeFile: false).encoding == .utf8)
        #expect(try CSVFormat.sniff(cut, isWholeFile: true).encoding == .windows1252)
    }

    // MARK: Separators

    @Test(arguments: [
        ("First Name,Last Name,Company\nZoë,\"Müller, Jr.\",Globex\n", ","),
        ("Vorname;Nachname;Firma\nZoë;Müller;Globex; AG\nAna;Lima;Initech\n", ";"),
        ("First Name\tLast Name\tNotes\nZoë\tMüller\ta, b; c\n", "\t"),
        ("a|b|c\n1|2|3\n", "|"),
        ("Name\nZoë\nAna\n", ","),
    ])
    func theSeparatorIsSniffed(_ text: String, _ separator: String) throws {
        let format = try CSVFormat.sniff(Array(text.utf8), isWholeFile: true)
        #expect(format.separator == UInt8(ascii: separator.unicodeScalars.first!))
    }

    @Test func excelsSepLineNamesTheSeparatorAndIsPassedOver() throws {
        let bytes = Array("sep=;\r\nName;City\r\nZoë;Paris, France\r\n".utf8)
        let format = try CSVFormat.sniff(bytes, isWholeFile: true)
        #expect(format.separator == UInt8(ascii: ";"))
        #expect(format.headerOffset == 7)
        #expect(format.headerLine == 2)
    }

    // MARK: What is not CSV

    @Test(arguments: [
        ([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00] as [UInt8], "spreadsheet workbook"),
        ([0xFF, 0xFE, 0x41, 0x00] as [UInt8], "UTF-16"),
        (Array("a,b\n1,2\u{0}\n".utf8), "binary"),
        (Array("   \n\n".utf8), "empty"),
    ])
    func filesThatAreNotCSVAreRefusedWithAReason(_ bytes: [UInt8], _ words: String) {
        let error = #expect(throws: RapportError.self) { try CSVFormat.sniff(bytes, isWholeFile: true) }
        guard case .invalid(let issues)? = error else {
            Issue.record("expected an invalid file, got \(String(describing: error))")
            return
        }
        #expect(issues.first?.field == "file")
        #expect(issues.first?.reason.contains(words) == true)
    }
}
