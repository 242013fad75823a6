#include "adapters/files/Backup.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <sqlite3.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

#include "adapters/files/FileDocumentStore.h"

namespace huzhu::adapters::files {

namespace {

struct CloseDb {
    void operator()(sqlite3* db) const { sqlite3_close(db); }
};
using Db = std::unique_ptr<sqlite3, CloseDb>;

Db open(const std::string& path, int flags) {
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    Db owned(db);
    if (rc != SQLITE_OK)
        throw Poco::IOException("cannot open " + path + ": " +
                                (db ? sqlite3_errmsg(db) : "out of memory"));
    sqlite3_busy_timeout(db, 10000);
    return owned;
}

[[noreturn]] void fail(sqlite3* db, const std::string& what) {
    throw Poco::IOException(what + ": " + sqlite3_errmsg(db));
}

/// The rows of a one-column query, as text.
std::vector<std::string> column(sqlite3* db, const char* sql) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) != SQLITE_OK) fail(db, sql);
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> statement(raw, sqlite3_finalize);
    std::vector<std::string> values;
    int rc;
    while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
        const auto* text = sqlite3_column_text(raw, 0);
        values.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
    }
    if (rc != SQLITE_DONE) fail(db, sql);
    return values;
}

std::int64_t number(sqlite3* db, const char* sql) {
    const auto values = column(db, sql);
    return values.empty() ? 0 : std::stoll(values.front());
}

/// fsync of a file or a folder (its entries).
void sync(const std::string& path, bool folder) {
    const int fd = ::open(path.c_str(), (folder ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
    if (fd < 0) throw Poco::FileException("cannot open " + path + ": " + std::strerror(errno));
    const int rc = ::fsync(fd);
    const int error = errno;
    ::close(fd);
    if (rc != 0) throw Poco::FileException("cannot sync " + path + ": " + std::strerror(error));
}

void removeIfThere(const std::string& path) {
    Poco::File f(path);
    if (f.exists()) f.remove(true);
}

}  // namespace

BackupReport backupDatabase(const std::string& database, const std::string& target) {
    if (!Poco::File(database).exists()) throw BackupRefused(database + ": no such database");
    const std::string documents = target + ".documents";
    std::string folder = Poco::Path(Poco::Path(target).absolute()).parent().toString();
    if (folder.size() > 1 && folder.back() == '/') folder.pop_back();
    if (!Poco::File(folder).exists()) throw BackupRefused(folder + ": no such folder");

    // One backup to a name at a time: a second would remove the first one's temporary files.
    // flock, so that a killed backup leaves no lock behind (only the empty file).
    const std::string lockPath = target + ".lock";
    const int lock = ::open(lockPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lock < 0) throw BackupRefused("cannot create " + lockPath + ": " + std::strerror(errno));
    struct Unlock {
        int fd;
        std::string path;
        ~Unlock() {
            ::unlink(path.c_str());
            ::close(fd);
        }
    };
    if (::flock(lock, LOCK_EX | LOCK_NB) != 0) {
        ::close(lock);
        throw BackupRefused("another backup to " + target + " is running");
    }
    Unlock unlock{lock, lockPath};
    for (const std::string& taken : {target, documents})  // checked once the lock is ours
        if (Poco::File(taken).exists())
            throw BackupRefused(taken + " exists; a backup never overwrites one");

    const std::string partial = target + ".partial";
    const std::string partialDocuments = documents + ".partial";
    // Left by a backup that was killed (ours by their names), or by this one when it fails.
    const auto removeUnfinished = [&] {
        for (const char* suffix : {"", "-journal", "-wal", "-shm"}) removeIfThere(partial + suffix);
        removeIfThere(partialDocuments);
    };
    removeUnfinished();
    bool documentsPlaced = false, databasePlaced = false;
    try {
        BackupReport report;
        std::vector<std::string> hashes;
        {
            Db source = open(database, SQLITE_OPEN_READONLY);
            Db copy = open(partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
            // Personal data (encrypted) and password hashes: the owner alone, as the key file.
            if (::chmod(partial.c_str(), 0600) != 0)
                throw Poco::FileException("cannot set the mode of " + partial);
            sqlite3_backup* backup = sqlite3_backup_init(copy.get(), "main", source.get(), "main");
            if (!backup) fail(copy.get(), "starting the backup");
            const int stepped = sqlite3_backup_step(backup, -1);  // all pages, one snapshot
            report.pages = sqlite3_backup_pagecount(backup);
            const int finished = sqlite3_backup_finish(backup);
            if (stepped != SQLITE_DONE)  // BUSY, LOCKED, an I/O error: finish may say "ok"
                throw Poco::IOException("copying " + database + ": " + sqlite3_errstr(stepped));
            if (finished != SQLITE_OK) fail(copy.get(), "copying " + database);
            const auto check = column(copy.get(), "PRAGMA quick_check");
            if (check.size() != 1 || check.front() != "ok")
                throw Poco::DataException("the copy of " + database + " fails its check: " +
                                          (check.empty() ? "no answer" : check.front()));
            report.pageSize = number(copy.get(), "PRAGMA page_size");
            if (number(copy.get(),
                       "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
                       "name = 'documents'") == 1)
                hashes = column(copy.get(), "SELECT DISTINCT sha256 FROM documents ORDER BY 1");
        }
        Poco::File(partialDocuments).createDirectories();
        if (::chmod(partialDocuments.c_str(), 0700) != 0)  // as the documents folder
            throw Poco::FileException("cannot set the mode of " + partialDocuments);
        for (const std::string& sha256 : hashes) {
            FileDocumentStore::writeUnder(
                partialDocuments, sha256,
                FileDocumentStore::readCheckedUnder(database + ".documents", sha256, "document"));
            ++report.documents;
        }
        sync(partial, false);
        sync(partialDocuments, true);
        Poco::File(partialDocuments).renameTo(documents, Poco::File::OPT_FAIL_ON_OVERWRITE);
        documentsPlaced = true;
        Poco::File(partial).renameTo(target, Poco::File::OPT_FAIL_ON_OVERWRITE);
        databasePlaced = true;
        sync(folder, true);
        return report;
    } catch (...) {
        removeUnfinished();
        if (documentsPlaced) removeIfThere(documents);
        if (databasePlaced) removeIfThere(target);
        throw;
    }
}

}  // namespace huzhu::adapters::files
