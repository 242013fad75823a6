#include "adapters/files/FileDocumentStore.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>
#include <cerrno>
#include <cstring>

#include "adapters/crypto/Crypto.h"
#include "core/JsonWriter.h"

namespace huzhu::adapters::files {

using namespace Poco::Data::Keywords;
using Poco::Data::RecordSet;
using Poco::Data::Session;
using Poco::Data::Statement;

namespace {

[[noreturn]] void fail(const std::string& what, const std::string& path) {
    const int error = errno;
    throw Poco::FileException(what + " " + path + ": " + std::strerror(error));
}

/// Creates `path` with mode 0700 unless it exists; true when it was created.
bool makeFolder(const std::string& path) {
    if (::mkdir(path.c_str(), 0700) == 0) {
        // The umask may have taken more away; never give more than the owner access.
        if (::chmod(path.c_str(), 0700) != 0) fail("cannot set the mode of", path);
        return true;
    }
    if (errno != EEXIST) fail("cannot create the folder", path);
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) fail("cannot inspect", path);
    if (!S_ISDIR(st.st_mode)) throw Poco::FileException(path + " exists and is not a folder");
    return false;
}

/// Makes a rename or a new entry in `folder` durable.
void syncFolder(const std::string& folder) {
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) fail("cannot open the folder", folder);
    const int rc = ::fsync(fd);
    const int error = errno;
    ::close(fd);
    errno = error;
    if (rc != 0) fail("cannot sync the folder", folder);
}

/// The whole file, or nothing when it does not exist.
std::optional<std::string> readWhole(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return std::nullopt;
        fail("cannot open", path);
    }
    std::string bytes;
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n == 0) break;
        if (n < 0) {
            if (errno == EINTR) continue;
            const int error = errno;
            ::close(fd);
            errno = error;
            fail("cannot read", path);
        }
        bytes.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return bytes;
}

bool isSha256Hex(const std::string& s) {
    if (s.size() != 64) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

std::string text(RecordSet& rs, const std::string& column) {
    return rs.isNull(column) ? std::string() : rs[column].convert<std::string>();
}

std::int64_t integer(RecordSet& rs, const std::string& column) {
    return rs.isNull(column) ? 0 : rs[column].convert<Poco::Int64>();
}

core::DocumentRecord fromRow(RecordSet& rs) {
    return core::DocumentRecord{.id = integer(rs, "id"),
                                .claimId = integer(rs, "claim_id"),
                                .sha256 = text(rs, "sha256"),
                                .kind = text(rs, "kind"),
                                .fileName = text(rs, "file_name"),
                                .sizeBytes = integer(rs, "size_bytes"),
                                .uploadedBy = integer(rs, "uploaded_by"),
                                .uploadedAt = text(rs, "uploaded_at")};
}

const char* const DocumentColumns =
    "SELECT id, claim_id, sha256, kind, file_name, size_bytes, uploaded_by, uploaded_at "
    "FROM documents ";

}  // namespace

FileDocumentStore::FileDocumentStore(sqlite::Database& db, const core::Clock& clock,
                                     std::string folder)
    : _db(db), _clock(clock), _folder(folder.empty() ? db.path() + ".documents" : folder) {
    while (_folder.size() > 1 && _folder.back() == '/') _folder.pop_back();
    makeFolder(_folder);
}

std::string FileDocumentStore::pathUnder(const std::string& folder, const std::string& sha256) {
    if (!isSha256Hex(sha256)) throw Poco::DataException("not a SHA-256: '" + sha256 + "'");
    return folder + "/" + sha256.substr(0, 2) + "/" + sha256.substr(2);
}

std::string FileDocumentStore::readCheckedUnder(const std::string& folder,
                                                const std::string& sha256,
                                                const std::string& what) {
    const std::string path = pathUnder(folder, sha256);
    auto bytes = readWhole(path);
    if (!bytes) throw Poco::FileNotFoundException(what + ": " + path + " is missing");
    if (crypto::sha256Hex(*bytes) != sha256)
        throw Poco::DataException(what + ": " + path +
                                  " does not match its SHA-256 (damaged or tampered with)");
    return std::move(*bytes);
}

void FileDocumentStore::writeUnder(const std::string& folder, const std::string& sha256,
                                   std::string_view bytes) {
    const std::string target = pathUnder(folder, sha256);
    const std::string sub = folder + "/" + sha256.substr(0, 2);
    if (makeFolder(sub)) syncFolder(folder);
    // Content-addressed: the same bytes are already there. A file that no longer matches its
    // name (damaged or tampered with) is replaced below.
    if (auto existing = readWhole(target); existing && crypto::sha256Hex(*existing) == sha256)
        return;

    const std::string temp = sub + "/.tmp-" + crypto::toHex(crypto::randomBytes(8));
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) fail("cannot create", temp);
    auto abandon = [&](const std::string& what) {
        const int error = errno;
        ::close(fd);
        ::unlink(temp.c_str());
        errno = error;
        fail(what, temp);
    };
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0) {
            if (errno == EINTR) continue;
            abandon("cannot write");
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) abandon("cannot sync");
    if (::close(fd) != 0) {
        const int error = errno;
        ::unlink(temp.c_str());
        errno = error;
        fail("cannot close", temp);
    }
    if (::rename(temp.c_str(), target.c_str()) != 0) {
        const int error = errno;
        ::unlink(temp.c_str());
        errno = error;
        fail("cannot rename into place", target);
    }
    syncFolder(sub);
}

core::DocumentRecord FileDocumentStore::store(std::int64_t claimId, std::string_view bytes,
                                              core::DocumentKind kind, const std::string& fileName,
                                              const core::Actor& actor) {
    if (bytes.empty()) throw Poco::InvalidArgumentException("an empty document");
    core::DocumentRecord d{.claimId = claimId,
                           .sha256 = crypto::sha256Hex(bytes),
                           .kind = std::string(core::toString(kind)),
                           .fileName = fileName,
                           .sizeBytes = static_cast<std::int64_t>(bytes.size()),
                           .uploadedBy = actor.userId,
                           .uploadedAt = _clock.now()};
    // The file first: a row must never point at bytes that are not on disk.
    writeUnder(_folder, d.sha256, bytes);

    Session s = _db.session();
    sqlite::WriteTransaction tx(s);
    s << "INSERT INTO documents (claim_id, sha256, kind, file_name, size_bytes, uploaded_by, "
         "uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        bind(d.claimId), bind(d.sha256), bind(d.kind), bind(d.fileName), bind(d.sizeBytes),
        bind(d.uploadedBy), bind(d.uploadedAt), now;
    Poco::Int64 id = 0;
    s << "SELECT last_insert_rowid()", into(id), now;
    d.id = id;
    // No file name in the audit trail: it may carry personal data.
    core::JsonWriter detail;
    detail.beginObject()
        .key("claim_id")
        .value(d.claimId)
        .key("sha256")
        .value(d.sha256)
        .key("kind")
        .value(d.kind)
        .key("size_bytes")
        .value(d.sizeBytes)
        .endObject();
    sqlite::appendAudit(s, {d.uploadedAt, actor.username, "document.uploaded", "document",
                            std::to_string(d.id), detail.str()});
    tx.commit();
    return d;
}

std::vector<core::DocumentRecord> FileDocumentStore::list(std::int64_t claimId) {
    Session s = _db.session();
    Statement select(s);
    select << std::string(DocumentColumns) + "WHERE claim_id = ? ORDER BY id", bind(claimId), now;
    RecordSet rs(select);
    std::vector<core::DocumentRecord> result;
    for (bool more = rs.moveFirst(); more; more = rs.moveNext()) result.push_back(fromRow(rs));
    return result;
}

std::optional<core::DocumentRecord> FileDocumentStore::find(std::int64_t documentId) {
    Session s = _db.session();
    Statement select(s);
    select << std::string(DocumentColumns) + "WHERE id = ?", bind(documentId), now;
    RecordSet rs(select);
    if (!rs.moveFirst()) return std::nullopt;
    return fromRow(rs);
}

std::string FileDocumentStore::read(const core::DocumentRecord& document) {
    const std::string what = "document " + std::to_string(document.id);
    std::string bytes = readCheckedUnder(_folder, document.sha256, what);
    if (static_cast<std::int64_t>(bytes.size()) != document.sizeBytes)
        throw Poco::DataException(what + ": " + pathFor(document.sha256) +
                                  " does not match its SHA-256 (damaged or tampered with)");
    return bytes;
}

std::vector<std::int64_t> FileDocumentStore::claimsWithHash(const std::string& sha256,
                                                            std::int64_t exceptClaimId) {
    Session s = _db.session();
    std::vector<Poco::Int64> ids;
    s << "SELECT DISTINCT claim_id FROM documents WHERE sha256 = ? AND claim_id <> ? "
         "ORDER BY claim_id",
        bind(sha256), bind(exceptClaimId), into(ids), now;
    return std::vector<std::int64_t>(ids.begin(), ids.end());
}

}  // namespace huzhu::adapters::files
