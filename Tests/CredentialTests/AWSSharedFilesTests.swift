import Foundation
import Testing

@testable import ProxyServer

@Suite struct AWSSharedFilesTests {
    let directory: TemporaryDirectory

    init() throws { directory = try TemporaryDirectory() }

    @Test func iniParserReadsSectionsCommentsAndSkipsNestedSettings() {
        let file = AWSINIFile(
            parsing: """
                # comment
                [default]
                region = eu-west-1 ; trailing comment
                s3 =
                  max_concurrent_requests = 10
                ; another comment
                [profile work]
                credential_process = /bin/helper --tag a#b
                """)
        #expect(file.sections["default"] == ["region": "eu-west-1", "s3": ""])
        #expect(file.sections["profile work"] == ["credential_process": "/bin/helper --tag a#b"])
    }

    @Test func profileSectionsFollowTheConfigAndCredentialsNaming() throws {
        try directory.write(".aws/config", "[default]\nregion = us-east-1\n[profile work]\nregion = eu-central-1\n")
        try directory.write(".aws/credentials", "[work]\naws_access_key_id = AKIAWORK\n")
        let work = try AWSSharedConfig(environment: ["HOME": directory.path, "AWS_PROFILE": "work"])
        #expect(work.profileName == "work" && work.profileIsExplicit)
        #expect(work.configValue("region") == "eu-central-1")
        #expect(work.credentialsSection?["aws_access_key_id"] == "AKIAWORK")
        let fallback = try AWSSharedConfig(environment: ["HOME": directory.path])
        #expect(fallback.profileName == "default" && !fallback.profileIsExplicit)
        #expect(fallback.configValue("region") == "us-east-1")
    }

    @Test func regionComesFromAWSRegionThenDefaultRegionThenTheProfile() throws {
        let config = try directory.write("custom-config", "[profile eu]\nregion = eu-west-3\n")
        let base = ["HOME": directory.path, "AWS_CONFIG_FILE": config, "AWS_PROFILE": "eu"]
        #expect(AWSRegionResolver.region(environment: base) == "eu-west-3")
        #expect(
            AWSRegionResolver.region(environment: base.merging(["AWS_DEFAULT_REGION": "us-west-2"]) { $1 })
                == "us-west-2")
        #expect(
            AWSRegionResolver.region(
                environment: base.merging(["AWS_DEFAULT_REGION": "us-west-2", "AWS_REGION": "ap-south-1"]) { $1 })
                == "ap-south-1")
        #expect(AWSRegionResolver.region(environment: ["HOME": directory.path]) == nil)
    }

    @Test func timestampsParseISO8601AndSigV4Forms() {
        #expect(AWSTimestamp.parseISO8601("2026-11-24T20:00:00Z") == 1_795_550_400)
        #expect(AWSTimestamp.parseISO8601("2026-11-24T20:00:00.123Z").map { $0.rounded(.down) } == 1_795_550_400)
        #expect(AWSTimestamp.parseISO8601("2026-11-24T21:00:00+01:00") == 1_795_550_400)
        #expect(AWSTimestamp.parseISO8601("tomorrow") == nil)
        #expect(AWSTimestamp.parseCompact("20150830T123600Z") == 1_440_938_160)
        #expect(AWSTimestamp.parseCompact("2015-08-30") == nil)
        #expect(AWSTimestamp.display(1_440_981_360) == "2015-08-31 00:36:00 UTC")
    }
}
