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
}
