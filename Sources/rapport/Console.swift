import Foundation

/// Writes lines to standard output unbuffered, so scripts and logs see them at once and in order,
/// even when output is a pipe.
enum Console {
    static func print(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
