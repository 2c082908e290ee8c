#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import SeamCore

/// Atomic whole-file writes: the text goes to a temporary file in the destination's folder,
/// is flushed to disk, and is then renamed over the destination.
///
/// rename(2) within one file system is atomic, so a reader (or a crash) sees either the old
/// file or the complete new one, never a truncated one. Hand-written over POSIX calls because
/// Foundation's `.atomic` option does not promise an fsync nor a temporary in the same folder
/// on every platform.
public enum AtomicFile {
    /// Writes `text` (UTF-8) to `url` atomically, replacing any existing file.
    ///
    /// Throws `InputError` naming the path when the folder is missing or not writable, or a
    /// write, flush or rename fails; the temporary file is removed on failure.
    public static func write(_ text: String, to url: URL) throws {
        let path = url.path
        let folder = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        var random = SystemRandomNumberGenerator()
        let temporary = (folder.isEmpty ? "." : folder) + "/." + name + ".tmp-\(getpid())-\(String(random.next() & 0xFFFF_FFFF, radix: 16))"
        func failure(_ what: String) -> InputError {
            InputError("cannot \(what): \(String(cString: strerror(errno)))", at: SourceLocation(source: path))
        }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw failure("create a temporary file in \(folder)") }
        var ok = false
        defer {
            if !ok { unlink(temporary) }
        }
        try POSIXFile.writeAllAndClose(fd, text, failure: failure)
        guard rename(temporary, path) == 0 else { throw failure("rename the temporary file onto the destination") }
        ok = true
    }
}

/// The one write-everything-then-flush loop shared by `AtomicFile` and `AppendOnlyFile`.
enum POSIXFile {
    /// Writes all of `text` (UTF-8) to `fd` (retrying on EINTR and short writes), fsyncs and
    /// closes it; on failure closes it and throws `failure(what)`.
    static func writeAllAndClose(_ fd: Int32, _ text: String, failure: (String) -> InputError) throws {
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { buffer in posixWrite(fd, buffer.baseAddress, buffer.count) }
            if n < 0 {
                if errno == EINTR { continue }
                let error = failure("write")
                close(fd)
                throw error
            }
            written += n
        }
        guard fsync(fd) == 0 else { let error = failure("flush"); close(fd); throw error }
        guard close(fd) == 0 else { throw failure("close") }
    }
}

#if canImport(Glibc)
private func posixWrite(_ fd: Int32, _ p: UnsafeRawPointer?, _ n: Int) -> Int { Glibc.write(fd, p, n) }
#elseif canImport(Darwin)
private func posixWrite(_ fd: Int32, _ p: UnsafeRawPointer?, _ n: Int) -> Int { Darwin.write(fd, p, n) }
#endif
