#include "core/Documents.h"

namespace huzhu::core {

std::string_view toString(DocumentKind kind) {
    switch (kind) {
        case DocumentKind::Pdf:
            return "pdf";
        case DocumentKind::Jpeg:
            return "jpeg";
        case DocumentKind::Png:
            return "png";
    }
    return "pdf";
}

std::optional<DocumentKind> parseDocumentKind(std::string_view text) {
    if (text == "pdf") return DocumentKind::Pdf;
    if (text == "jpeg") return DocumentKind::Jpeg;
    if (text == "png") return DocumentKind::Png;
    return std::nullopt;
}

std::string_view mediaType(DocumentKind kind) {
    switch (kind) {
        case DocumentKind::Pdf:
            return "application/pdf";
        case DocumentKind::Jpeg:
            return "image/jpeg";
        case DocumentKind::Png:
            return "image/png";
    }
    return "application/octet-stream";
}

std::string_view extension(DocumentKind kind) {
    switch (kind) {
        case DocumentKind::Pdf:
            return "pdf";
        case DocumentKind::Jpeg:
            return "jpg";
        case DocumentKind::Png:
            return "png";
    }
    return "bin";
}

std::optional<DocumentKind> sniffDocument(std::string_view bytes) {
    using namespace std::string_view_literals;
    if (bytes.starts_with("%PDF-"sv)) return DocumentKind::Pdf;
    if (bytes.starts_with("\xFF\xD8\xFF"sv)) return DocumentKind::Jpeg;
    if (bytes.starts_with("\x89PNG\r\n\x1A\n"sv)) return DocumentKind::Png;
    return std::nullopt;
}

}  // namespace huzhu::core
