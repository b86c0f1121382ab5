import ProxyCore

/// Validates `tools` and `tool_choice`.
enum ToolValidator {
    static func validateTools(_ value: JSONValue?) throws(FakeAPIError) -> [MessageRequest.Tool] {
        guard let value else { return [] }
        guard let items = value.arrayValue else { throw .invalidRequest("tools: Input should be a valid list") }
        var tools: [MessageRequest.Tool] = []
        for (index, item) in items.enumerated() {
            guard item.objectValue != nil else { throw .invalidRequest("tools.\(index): Input should be a valid dictionary") }
            let type = item["type"]?.stringValue
            if let type, type != "custom" {
                // Server tools are versioned, e.g. `web_search_20250305`; anything else (such as an
                // OpenAI-style `{"type":"function"}`) is rejected like the real API does.
                guard isServerToolType(type) else {
                    throw .invalidRequest(
                        "tools.\(index): Input tag '\(type)' found using 'type' does not match any of the expected tags: 'custom', 'bash_20250124', 'web_search_20250305', …"
                    )
                }
                tools.append(.init(name: item["name"]?.stringValue ?? type, inputSchema: nil))
                continue
            }
            guard let name = item["name"]?.stringValue else { throw .invalidRequest("tools.\(index).custom.name: Field required") }
            guard isValidToolName(name) else {
                throw .invalidRequest("tools.\(index).custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'")
            }
            guard let schema = item["input_schema"] else {
                throw .invalidRequest("tools.\(index).custom.input_schema: Field required")
            }
            guard schema.objectValue != nil else {
                throw .invalidRequest("tools.\(index).custom.input_schema: Input should be a valid dictionary")
            }
            if tools.contains(where: { $0.name == name }) {
                throw .invalidRequest("tools: Tool names must be unique.")
            }
            tools.append(.init(name: name, inputSchema: schema))
        }
        return tools
    }

    static func validateToolChoice(
        _ value: JSONValue?, tools: [MessageRequest.Tool]
    ) throws(FakeAPIError) -> (type: String, name: String?)? {
        guard let value else { return nil }
        guard let type = value["type"]?.stringValue else { throw .invalidRequest("tool_choice.type: Field required") }
        switch type {
        case "auto", "any", "none":
            if tools.isEmpty && type != "none" {
                throw .invalidRequest("tool_choice may only be specified while providing tools.")
            }
            return (type, nil)
        case "tool":
            guard let name = value["name"]?.stringValue else { throw .invalidRequest("tool_choice.tool.name: Field required") }
            guard tools.contains(where: { $0.name == name }) else {
                throw .invalidRequest("tool_choice.tool.name: tool '\(name)' not found in tools")
            }
            return (type, name)
        default:
            throw .invalidRequest(
                "tool_choice: Input tag '\(type)' found using 'type' does not match any of the expected tags: 'auto', 'any', 'tool', 'none'"
            )
        }
    }

    private static func isValidToolName(_ name: String) -> Bool {
        guard (1...128).contains(name.utf8.count) else { return false }
        return name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x5F || byte == 0x2D
        }
    }

    /// `name_YYYYMMDD` with a lowercase name.
    private static func isServerToolType(_ type: String) -> Bool {
        let parts = type.split(separator: "_")
        guard parts.count >= 2, let date = parts.last, date.count == 8, date.allSatisfy(\.isNumber) else { return false }
        return parts.dropLast().allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isLowercase } }
    }
}
