#include "web/Multipart.h"

#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/MediaType.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/PartHandler.h>

#include <algorithm>
#include <istream>
#include <streambuf>

namespace huzhu::web {

using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerRequest;

namespace {

/// Room for the multipart boundaries, part headers and small fields around the file.
constexpr std::size_t MultipartOverhead = 64 * 1024;

HttpError tooLarge(std::size_t maxFileBytes, const std::string& what) {
    return {HTTPResponse::HTTP_REQUESTENTITYTOOLARGE, "too_large",
            "the " + what + " is larger than " + std::to_string(maxFileBytes >> 20) + " MiB",
            "file"};
}

/// The first `limit` bytes of a stream; it ends there and notes whether more would have come,
/// so that a request body cannot grow without bound (chunked bodies have no Content-Length).
class LimitedBuffer : public std::streambuf {
public:
    LimitedBuffer(std::istream& in, std::size_t limit) : _in(in), _left(limit) {}
    bool exceeded() const { return _exceeded; }

protected:
    int_type underflow() override {
        if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
        if (_left == 0) {
            if (!_exceeded && _in.peek() != traits_type::eof()) _exceeded = true;
            return traits_type::eof();
        }
        _in.read(_buffer, static_cast<std::streamsize>(std::min(sizeof _buffer, _left)));
        const auto n = static_cast<std::size_t>(_in.gcount());
        if (n == 0) return traits_type::eof();
        _left -= n;
        setg(_buffer, _buffer, _buffer + n);
        return traits_type::to_int_type(*gptr());
    }

private:
    std::istream& _in;
    std::size_t _left;
    bool _exceeded = false;
    char _buffer[16384];
};

/// Collects the file parts of a multipart body: the first one named "file" is kept (up to
/// the size limit); the others are only counted and named, and refused afterwards.
class FileParts : public Poco::Net::PartHandler {
public:
    explicit FileParts(std::size_t maxFileBytes) : _max(maxFileBytes) {}
    void handlePart(const Poco::Net::MessageHeader& header, std::istream& stream) override {
        std::string disposition;
        Poco::Net::NameValueCollection params;
        Poco::Net::MessageHeader::splitParameters(header.get("Content-Disposition", ""),
                                                  disposition, params);
        names.push_back(params.get("name", ""));
        if (names.size() > 1 || names.back() != "file") return;  // HTMLForm skips the rest
        fileName = params.get("filename", "");
        char buffer[65536];
        while (stream.read(buffer, sizeof buffer) || stream.gcount() > 0) {
            bytes.append(buffer, static_cast<std::size_t>(stream.gcount()));
            if (bytes.size() > _max) {
                tooLarge = true;
                bytes.clear();
                return;
            }
        }
    }

    std::vector<std::string> names;
    std::string fileName;
    std::string bytes;
    bool tooLarge = false;

private:
    std::size_t _max;
};

}  // namespace

UploadedForm readMultipart(HTTPServerRequest& req, std::size_t maxFileBytes,
                           const std::string& what) {
    if (!Poco::Net::MediaType(req.getContentType()).matches("multipart", "form-data"))
        throw HttpError{HTTPResponse::HTTP_UNSUPPORTEDMEDIATYPE, "unsupported_media_type",
                        "send the " + what + " as multipart/form-data in a part named \"file\"",
                        "file"};
    const std::size_t maxRequestBytes = maxFileBytes + MultipartOverhead;
    if (req.hasContentLength() &&
        req.getContentLength64() > static_cast<Poco::Int64>(maxRequestBytes))
        throw tooLarge(maxFileBytes, what);

    LimitedBuffer limited(req.stream(), maxRequestBytes);
    std::istream body(&limited);
    Poco::Net::HTMLForm form;
    form.setFieldLimit(16);
    form.setValueLengthLimit(1024);
    FileParts parts(maxFileBytes);
    try {
        form.load(req, body, parts);
    } catch (const Poco::Exception& e) {
        if (limited.exceeded() || parts.tooLarge) throw tooLarge(maxFileBytes, what);
        throw badField("file", "not a readable multipart/form-data body: " + e.displayText());
    }
    if (limited.exceeded() || parts.tooLarge) throw tooLarge(maxFileBytes, what);
    UploadedForm out;
    for (const auto& [name, value] : form) {
        if (name == "file") throw badField(name, "must be a file part (with a filename)");
        out.fields[name] = value;
    }
    for (const std::string& name : parts.names)
        if (name != "file") throw badField(name, "unknown file field");
    if (parts.names.empty()) throw badField("file", "is required");
    if (parts.names.size() > 1) throw badField("file", "send one file per request");
    out.fileName = parts.fileName;
    out.bytes = std::move(parts.bytes);
    return out;
}

}  // namespace huzhu::web
