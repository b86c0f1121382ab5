#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads files that hold secrets, refusing (or warning about) the ones other users can read,
/// like ssh does with private keys.
///
/// The file is opened first and its mode taken from the open descriptor, so what is checked is
/// what is read.
enum SecretFileReader {
    enum Strictness {
        /// Anthropic credentials files, as the SDK treats them: a symlink or a world-readable file
        /// is refused, a group-readable one is read with a warning.
        case refuseUnsafe
        /// Google key files (often mounted through symlinks, e.g. Kubernetes secrets): read, but
        /// warn when other users can read them.
        case warnUnsafe
    }

    struct Contents {
        var bytes: [UInt8]
        var warning: String?
    }

    static let maxSize = 1 << 20

    /// Whether anything (a file, a symlink, …) exists at `path`.
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// The file's contents, or nil when it does not exist.
    static func readIfPresent(_ path: String, what: String, strictness: Strictness) throws(CredentialError) -> Contents?
    {
        var flags = O_RDONLY | O_CLOEXEC
        if strictness == .refuseUnsafe { flags |= O_NOFOLLOW }
        let descriptor = open(path, flags)
        guard descriptor >= 0 else {
            let code = errno
            switch code {
            case ENOENT: return nil
            case ELOOP:
                throw CredentialError(
                    "\(what) at \(path) is a symbolic link; refusing to follow it. Move the real file into place "
                        + "(mode 0600) instead.")
            case EACCES:
                throw CredentialError("\(what) at \(path) is not readable by this process (permission denied).")
            default: throw CredentialError("\(what) at \(path) could not be opened: \(describe(code)).")
            }
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw CredentialError("\(what) at \(path) could not be inspected: \(describe(errno)).")
        }
        guard info.st_mode & 0o170000 == 0o100000 else {
            throw CredentialError("\(what) at \(path) is not a regular file.")
        }
        let mode = UInt32(info.st_mode) & 0o777
        let shown = "0" + String(mode, radix: 8)
        var warning: String?
        if mode & 0o004 != 0 {
            if strictness == .refuseUnsafe {
                throw CredentialError(
                    "\(what) at \(path) is readable by every user on this machine (mode \(shown)); "
                        + "run `chmod 600 \(path)` and try again.")
            }
            warning =
                "\(what) at \(path) is readable by every user on this machine (mode \(shown)); run `chmod 600 \(path)`."
        } else if mode & 0o070 != 0 {
            warning = "\(what) at \(path) is group-accessible (mode \(shown)); consider `chmod 600 \(path)`."
        }
        return Contents(bytes: try readAll(descriptor, path: path, what: what), warning: warning)
    }

    /// The file's contents; a missing file is an error that ends with `missingHint`.
    static func read(
        _ path: String, what: String, strictness: Strictness, missingHint: String = ""
    ) throws(CredentialError) -> Contents {
        guard let contents = try readIfPresent(path, what: what, strictness: strictness) else {
            throw CredentialError("\(what) not found at \(path).\(missingHint.isEmpty ? "" : " " + missingHint)")
        }
        return contents
    }

    private static func readAll(_ descriptor: Int32, path: String, what: String) throws(CredentialError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                let code = errno
                if code == EINTR { continue }
                throw CredentialError("\(what) at \(path) could not be read: \(describe(code)).")
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > maxSize {
                throw CredentialError(
                    "\(what) at \(path) is larger than \(maxSize) bytes; it is not a credentials file.")
            }
        }
    }

    static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}

private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.read(descriptor, buffer, count)
    #elseif canImport(Musl)
        Musl.read(descriptor, buffer, count)
    #else
        Darwin.read(descriptor, buffer, count)
    #endif
}
