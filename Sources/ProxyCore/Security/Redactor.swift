/// Shortens secrets to a form that identifies them without revealing them: `sk-ant-…3f9a`.
public enum Redactor {
    public static func redact(_ secret: String) -> String {
        guard !secret.isEmpty else { return "(empty)" }
        let tail = secret.count > 12 ? String(secret.suffix(4)) : ""
        let prefix: String
        if let dash = secret.firstIndex(of: "-"), secret.distance(from: secret.startIndex, to: dash) <= 4,
            secret.hasPrefix("sk-")
        {
            // Keep the vendor prefix (`sk-ant-`), never more.
            let parts = secret.split(separator: "-", maxSplits: 2)
            prefix = parts.count >= 2 ? "\(parts[0])-\(parts[1])-" : "sk-"
        } else {
            prefix = ""
        }
        return "\(prefix)…\(tail)"
    }

    /// Replaces every occurrence of each secret in `text` with its redacted form.
    public static func scrub(_ text: String, secrets: [String]) -> String {
        var result = text
        for secret in secrets where secret.count >= 8 {
            result = result.replacing(secret, with: redact(secret))
        }
        return result
    }

    /// A configuration value fit to quote in an error or log line: values that look like
    /// credentials (a user who pasted a key into the wrong field) are redacted, and long values are
    /// cut short, so that a message names the problem without publishing the secret.
    public static func redactIfSecretLike(_ value: String, limit: Int = 100) -> String {
        if looksLikeSecret(value) { return redact(value) }
        return truncate(value, limit: limit)
    }

    /// Whether `value` holds something shaped like a credential: a known key prefix starting a word,
    /// or a run of 24 or more token characters mixing letters and digits (host names, paths and
    /// words do not have those).
    public static func looksLikeSecret(_ value: String) -> Bool {
        let prefixes = ["sk-", "sk_", "ghp_", "gho_", "github_pat_", "xoxb-", "xoxp-", "AIza", "ya29.", "eyJ"]
        let scalars = Array(value.unicodeScalars)
        func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
        }
        for prefix in prefixes {
            let wanted = Array(prefix.unicodeScalars)
            guard scalars.count >= wanted.count else { continue }
            for start in 0...(scalars.count - wanted.count)
            where (start == 0 || !isWordCharacter(scalars[start - 1])) && scalars[start..<start + wanted.count].elementsEqual(wanted) {
                return true
            }
        }
        var run = 0
        var letters = false
        var digits = false
        for scalar in scalars {
            let isDigit = ("0"..."9").contains(scalar)
            if isWordCharacter(scalar) || scalar == "_" || scalar == "-" || scalar == "+" || scalar == "=" {
                run += 1
                letters = letters || (isWordCharacter(scalar) && !isDigit)
                digits = digits || isDigit
                if run >= 24 && letters && digits { return true }
            } else {
                run = 0
                letters = false
                digits = false
            }
        }
        return false
    }

    /// `text` cut to `limit` characters with an ellipsis, for echoing client- or user-supplied strings.
    public static func truncate(_ text: String, limit: Int = 100) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit)) + "…"
    }
}
