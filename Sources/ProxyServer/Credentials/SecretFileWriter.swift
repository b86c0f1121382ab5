import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a file that holds secrets so that a crash or a full disk never leaves a half-written
/// or world-readable file: a temporary file (mode 0600) in the same directory → fsync → rename
/// over the target → fsync the directory (upstreams.md §1.9). A failed write leaves the old file
/// untouched and throws.
///
/// The write is a value so that tests can inject a failing one.
public struct SecretFileWriter: Sendable {
    private let writeFile: @Sendable (_ bytes: [UInt8], _ path: String) throws -> Void

    public init(_ writeFile: @escaping @Sendable (_ bytes: [UInt8], _ path: String) throws -> Void) {
        self.writeFile = writeFile
    }

    /// The real, atomic writer.
    public static let atomic = SecretFileWriter { bytes, path in try atomicWrite(bytes, to: path) }

    public func write(_ bytes: [UInt8], to path: String) throws {
        try writeFile(bytes, path)
    }

    static func atomicWrite(_ bytes: [UInt8], to path: String) throws(CredentialError) {
        let directory = UserPath.parent(of: path)
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw CredentialError("cannot create the directory \(directory): \(error.localizedDescription)")
        }
        let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let temporary = UserPath.join(directory, ".\(UserPath.lastComponent(of: path)).\(suffix).tmp")
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            throw CredentialError("cannot create a temporary file in \(directory): \(SecretFileReader.describe(errno))")
        }
        var renamed = false
        defer { if !renamed { unlink(temporary) } }
        let written = Result { () throws(CredentialError) in
            try writeAndSync(bytes, descriptor: descriptor, path: temporary)
        }
        close(descriptor)
        try written.get()
        guard rename(temporary, path) == 0 else { throw failure("replace", path) }
        renamed = true
        // Make the rename itself durable; best effort, as not every file system supports it.
        let directoryDescriptor = open(directory, O_RDONLY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            _ = fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    private static func writeAndSync(_ bytes: [UInt8], descriptor: Int32, path: String) throws(CredentialError) {
        guard fchmod(descriptor, 0o600) == 0 else { throw failure("set mode 0600 on", path) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { systemWrite(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw failure("write", path)
            }
            offset += written
        }
        guard fsync(descriptor) == 0 else { throw failure("flush", path) }
    }

    private static func failure(_ action: String, _ path: String) -> CredentialError {
        CredentialError("cannot \(action) \(path): \(SecretFileReader.describe(errno))")
    }
}

private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.write(descriptor, buffer, count)
    #elseif canImport(Musl)
        Musl.write(descriptor, buffer, count)
    #else
        Darwin.write(descriptor, buffer, count)
    #endif
}
