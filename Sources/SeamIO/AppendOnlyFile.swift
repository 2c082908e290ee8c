#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import SeamCore

/// Durable appends for logs and datasets that grow record by record (active learning appends
/// every oracle result the moment it arrives).
///
/// Each record goes out in one `write(2)` on a descriptor opened with `O_APPEND`, followed by
/// `fsync`: a crash leaves the file either without the record or with all of it (a local file
/// system does not interleave or split a single small append). Hand-written over POSIX calls
/// because Foundation's `FileHandle` hides neither the flags nor the flush.
public enum AppendOnlyFile {
    /// Appends `text` (UTF-8) to `url`, creating the file if needed, and flushes it to disk.
    ///
    /// Throws `InputError` naming the path when it cannot be opened, written or flushed.
    public static func append(_ text: String, to url: URL) throws {
        let path = url.path
        func failure(_ what: String) -> InputError {
            InputError("cannot \(what): \(String(cString: strerror(errno)))", at: SourceLocation(source: path))
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard fd >= 0 else { throw failure("open for appending") }
        try POSIXFile.writeAllAndClose(fd, text, failure: failure)
    }
}

