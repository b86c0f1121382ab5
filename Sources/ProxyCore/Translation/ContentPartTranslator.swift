/// Turns OpenAI content parts (`text`, `image_url`, `file`, …) into Anthropic content blocks.
enum ContentPartTranslator {
    static let imageMediaTypes: Set<String> = ["image/jpeg", "image/png", "image/gif", "image/webp"]

    /// Content that may be a string or an array of parts; `nil` and `""` give no blocks.
    static func blocks(from content: JSONValue?, path: String, allowImages: Bool = true) throws(ProxyError)
        -> [JSONValue]
    {
        guard let content, !content.isNull else { return [] }
        if let text = content.stringValue {
            return text.isEmpty ? [] : [textBlock(text)]
        }
        guard let parts = content.arrayValue else {
            throw .wrongType(path, expected: "a string or an array of content parts", got: content)
        }
        var blocks: [JSONValue] = []
        for (index, part) in parts.enumerated() {
            let partPath = "\(path)[\(index)]"
            if let text = part.stringValue {
                if !text.isEmpty { blocks.append(textBlock(text)) }
                continue
            }
            if let block = try block(from: FieldReader(part, path: partPath), allowImages: allowImages) {
                blocks.append(block)
            }
        }
        return blocks
    }

    static func textBlock(_ text: String, cacheControl: JSONValue? = nil) -> JSONValue {
        var object = JSONObject([("type", "text"), ("text", .string(text))])
        if let cacheControl { object["cache_control"] = cacheControl }
        return .object(object)
    }

    static func block(from part: FieldReader, allowImages: Bool) throws(ProxyError) -> JSONValue? {
        guard part.value.objectValue != nil else {
            throw .wrongType(part.path, expected: "a content part object", got: part.value)
        }
        let type = try part.requiredString("type")
        let cacheControl = part.field("cache_control")
        var block: JSONObject
        switch type {
        case "text", "input_text", "output_text":
            let text = try part.string("text") ?? ""
            guard !text.isEmpty else { return nil }
            block = JSONObject([("type", "text"), ("text", .string(text))])
        case "refusal":
            let text = try part.string("refusal") ?? ""
            guard !text.isEmpty else { return nil }
            block = JSONObject([("type", "text"), ("text", .string(text))])
        case "image_url", "input_image":
            guard allowImages else {
                throw .invalidField(part.child("type"), "Images are not allowed in '\(part.path)'.")
            }
            let url: String
            let urlPath: String
            if let nested = try? part.reader("image_url"), let nestedURL = try nested.string("url") {
                url = nestedURL
                urlPath = nested.child("url")
            } else if let direct = try part.string("image_url") {
                url = direct
                urlPath = part.child("image_url")
            } else {
                throw .missingField(part.child("image_url.url"))
            }
            block = JSONObject([("type", "image"), ("source", try imageSource(url, path: urlPath))])
        case "file", "input_file":
            block = try documentBlock(part)
        case "input_audio", "audio":
            throw .invalidField(
                part.child("type"), "Audio input is not supported: Claude does not accept audio. Send text instead.")
        default:
            throw .invalidField(
                part.child("type"),
                "Unsupported content part type '\(type)'. Supported: text, image_url, file (PDF).")
        }
        if let cacheControl { block["cache_control"] = cacheControl }
        return .object(block)
    }

    /// A `data:` URL becomes a base64 source (media type checked); http(s) becomes a URL source
    /// that the upstream fetches — the proxy never fetches client-supplied URLs itself.
    static func imageSource(_ url: String, path: String) throws(ProxyError) -> JSONValue {
        if url.hasPrefix("data:") {
            let (mediaType, data) = try parseDataURL(url, path: path)
            guard imageMediaTypes.contains(mediaType) else {
                throw .invalidField(
                    path,
                    "Unsupported image type '\(mediaType)' in '\(path)'. Supported: image/jpeg, image/png, image/gif, image/webp."
                )
            }
            return ["type": "base64", "media_type": .string(mediaType), "data": .string(data)]
        }
        if url.hasPrefix("https://") || url.hasPrefix("http://") {
            return ["type": "url", "url": .string(url)]
        }
        throw .invalidField(path, "Invalid image URL in '\(path)': expected a data: URL or an http(s) URL.")
    }

    static func parseDataURL(_ url: String, path: String) throws(ProxyError) -> (mediaType: String, data: String) {
        guard let comma = url.firstIndex(of: ",") else {
            throw .invalidField(path, "Invalid data URL in '\(path)': missing ','.")
        }
        let header = url[url.index(url.startIndex, offsetBy: 5)..<comma]
        guard header.hasSuffix(";base64") else {
            throw .invalidField(path, "Invalid data URL in '\(path)': only base64 data URLs are supported.")
        }
        let mediaType = String(header.dropLast(";base64".count)).lowercased()
        let data = String(url[url.index(after: comma)...])
        guard !data.isEmpty else { throw .invalidField(path, "Invalid data URL in '\(path)': no data.") }
        return (mediaType == "image/jpg" ? "image/jpeg" : mediaType, data)
    }

    /// An OpenAI `file` part with a PDF (`file_data` as a data URL or raw base64, or an http(s) `file_id`).
    static func documentBlock(_ part: FieldReader) throws(ProxyError) -> JSONObject {
        let file = try part.reader("file") ?? part
        if let fileData = try file.string("file_data") {
            let path = file.child("file_data")
            var mediaType = "application/pdf"
            var data = fileData
            if fileData.hasPrefix("data:") {
                (mediaType, data) = try parseDataURL(fileData, path: path)
            }
            guard mediaType == "application/pdf" else {
                throw .invalidField(path, "Unsupported file type '\(mediaType)' in '\(path)'. Only PDF files are supported.")
            }
            var block = JSONObject([
                ("type", "document"),
                ("source", ["type": "base64", "media_type": "application/pdf", "data": .string(data)]),
            ])
            if let name = try file.string("filename") { block["title"] = .string(name) }
            return block
        }
        let fileIDField = try file.string("file_id")
        let fileURLField = try file.string("file_url")
        if let fileID = fileIDField ?? fileURLField,
            fileID.hasPrefix("https://") || fileID.hasPrefix("http://")
        {
            return JSONObject([("type", "document"), ("source", ["type": "url", "url": .string(fileID)])])
        }
        throw .invalidField(
            file.child("file_data"),
            "A file part needs 'file_data' (a base64 PDF); uploaded file ids are not supported.")
    }
}
