import Foundation

/// Writes lines to standard output unbuffered, so scripts and logs see them at once and in order,
/// even when output is a pipe.
enum Console {
    static func print(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// A line on standard error: progress and notes, so standard output stays what scripts read.
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
