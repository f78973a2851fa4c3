import Foundation

/// Plain POSIX (ustar) tar files of a directory's regular files: enough to pack an archive into one
/// file and unpack it again, streaming file contents in chunks. Sizes past 8 GiB use the GNU
/// base-256 size field; links, devices and paths outside the directory are refused on unpacking.
enum Tar {
    static let block = 512

    /// Packs every regular file under `directory` (paths relative to it) into `file`, written to a
    /// temporary name and moved into place when complete.
    static func pack(_ directory: URL, into file: URL) throws {
        let fm = FileManager.default
        let partial = file.deletingLastPathComponent().appendingPathComponent(".\(file.lastPathComponent).partial")
        guard fm.createFile(atPath: partial.path, contents: nil) else { throw ArchiveError.unreadable("cannot create \(file.path)") }
        let out = try FileHandle(forWritingTo: partial)
        do {
            var paths: [String] = []
            if let walker = fm.enumerator(atPath: directory.path) {
                for case let path as String in walker {
                    var isDirectory: ObjCBool = false
                    if fm.fileExists(atPath: directory.appendingPathComponent(path).path, isDirectory: &isDirectory), !isDirectory.boolValue {
                        paths.append(path)
                    }
                }
            }
            // The manifest first, so a reader learns what the archive holds before the tables.
            paths.sort { ($0 == ArchiveManifest.fileName ? "" : $0) < ($1 == ArchiveManifest.fileName ? "" : $1) }
            for path in paths {
                let url = directory.appendingPathComponent(path)
                let size = (try fm.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.uint64Value ?? 0
                try out.write(contentsOf: header(name: path, size: size))
                let input = try FileHandle(forReadingFrom: url)
                var written: UInt64 = 0
                while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
                    try out.write(contentsOf: chunk)
                    written += UInt64(chunk.count)
                }
                try input.close()
                guard written == size else { throw ArchiveError.unreadable("\(path) changed while it was packed") }
                let pad = (block - Int(size % UInt64(block))) % block
                if pad > 0 { try out.write(contentsOf: Data(count: pad)) }
            }
            try out.write(contentsOf: Data(count: 2 * block))
            try out.synchronize()
            try out.close()
            if fm.fileExists(atPath: file.path) { try fm.removeItem(at: file) }
            try fm.moveItem(at: partial, to: file)
        } catch {
            try? out.close()
            try? fm.removeItem(at: partial)
            throw error
        }
    }

    static func header(name: String, size: UInt64) throws -> Data {
        var h = [UInt8](repeating: 0, count: block)
        var nameBytes = Array(name.utf8)
        var prefix: [UInt8] = []
        if nameBytes.count > 100 {
            guard let slash = nameBytes.prefix(155).lastIndex(of: UInt8(ascii: "/")), nameBytes.count - slash - 1 <= 100 else {
                throw ArchiveError.mismatch("the path \(name) is too long for a tar file")
            }
            prefix = Array(nameBytes[..<slash])
            nameBytes = Array(nameBytes[(slash + 1)...])
        }
        func put(_ bytes: [UInt8], at offset: Int) { for (i, b) in bytes.enumerated() { h[offset + i] = b } }
        func octal(_ value: UInt64, width: Int) -> [UInt8] {
            Array(String(value, radix: 8).leftPadded(to: width - 1).utf8) + [0]
        }
        put(nameBytes, at: 0)
        put(octal(0o644, width: 8), at: 100)
        put(octal(0, width: 8), at: 108)
        put(octal(0, width: 8), at: 116)
        if size < 0o77777777777 {
            put(octal(size, width: 12), at: 124)
        } else {
            h[124] = 0x80
            for i in 0..<8 { h[135 - i] = UInt8(truncatingIfNeeded: size >> (8 * UInt64(i))) }
        }
        put(octal(UInt64(Date().timeIntervalSince1970), width: 12), at: 136)
        h[156] = UInt8(ascii: "0")
        put(Array("ustar".utf8) + [0], at: 257)
        put(Array("00".utf8), at: 263)
        put(prefix, at: 345)
        put(Array(repeating: UInt8(ascii: " "), count: 8), at: 148)
        let sum = h.reduce(0) { $0 + Int($1) }
        put(Array(String(sum, radix: 8).leftPadded(to: 6).utf8) + [0, UInt8(ascii: " ")], at: 148)
        return Data(h)
    }

    /// Unpacks the regular files of `file` into `directory`; a damaged or foreign file is an error.
    static func unpack(_ file: URL, into directory: URL) throws {
        let fm = FileManager.default
        guard let input = try? FileHandle(forReadingFrom: file) else { throw ArchiveError.unreadable("cannot read \(file.path)") }
        defer { try? input.close() }
        var files = 0
        while true {
            guard let data = try input.read(upToCount: block), data.count == block else {
                throw ArchiveError.unreadable("\(file.lastPathComponent) ends early: the tar file is truncated")
            }
            let h = [UInt8](data)
            if h.allSatisfy({ $0 == 0 }) { break }
            let stored = number(h[148..<156])
            let sum = h.enumerated().reduce(0) { $0 + (148..<156 ~= $1.offset ? 32 : Int($1.element)) }
            guard stored == UInt64(sum) else { throw ArchiveError.unreadable("\(file.lastPathComponent) is not a tar file, or it is damaged") }
            let name = text(h[0..<100])
            let prefix = text(h[345..<500])
            let path = prefix.isEmpty ? name : prefix + "/" + name
            let size = h[124] & 0x80 != 0 ? h[125..<136].reduce(UInt64(0)) { $0 << 8 | UInt64($1) } : number(h[124..<136])
            let type = h[156]
            let padded = (size + UInt64(block) - 1) / UInt64(block) * UInt64(block)
            guard type == UInt8(ascii: "0") || type == 0 else {
                if type == UInt8(ascii: "5") { continue }
                throw ArchiveError.unreadable("\(path) in \(file.lastPathComponent) is not a regular file")
            }
            let parts = path.split(separator: "/")
            guard !path.hasPrefix("/"), !parts.contains(".."), !parts.isEmpty else {
                throw ArchiveError.unreadable("\(path) in \(file.lastPathComponent) points outside the archive")
            }
            let target = directory.appendingPathComponent(path)
            try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            guard fm.createFile(atPath: target.path, contents: nil) else { throw ArchiveError.unreadable("cannot write \(target.path)") }
            let out = try FileHandle(forWritingTo: target)
            var left = size
            while left > 0 {
                guard let chunk = try input.read(upToCount: Int(min(left, 1 << 20))), !chunk.isEmpty else {
                    try? out.close()
                    throw ArchiveError.unreadable("\(file.lastPathComponent) ends early: the tar file is truncated")
                }
                try out.write(contentsOf: chunk)
                left -= UInt64(chunk.count)
            }
            try out.close()
            if padded > size { _ = try input.read(upToCount: Int(padded - size)) }
            files += 1
        }
        guard files > 0 else { throw ArchiveError.unreadable("\(file.lastPathComponent) holds no files") }
    }

    private static func text(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }

    private static func number(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        let digits = text(bytes).trimmingCharacters(in: .whitespaces)
        return UInt64(digits, radix: 8) ?? UInt64.max
    }
}
