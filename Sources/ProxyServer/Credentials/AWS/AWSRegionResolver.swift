import Foundation

/// The AWS region a Bedrock upstream uses when the config does not name one, in the SDKs' order:
/// `AWS_REGION` → `AWS_DEFAULT_REGION` → the `region` of the active profile in the shared config
/// file (`AWS_CONFIG_FILE` or `~/.aws/config`; profile `AWS_PROFILE` or `default`).
public enum AWSRegionResolver {
    /// The region, or nil when none is set anywhere (an unreadable config file counts as none).
    public static func region(environment: [String: String]) -> String? {
        for name in ["AWS_REGION", "AWS_DEFAULT_REGION"] {
            if let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty { return value }
        }
        return (try? AWSSharedConfig(environment: environment))?.configValue("region")
    }
}
