#pragma once

// A temporary SQLite database with the demo reference data, for the adapters and claims tests.

#include <Poco/Data/Session.h>
#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>

#include "adapters/crypto/Crypto.h"
#include "adapters/sqlite/Database.h"
#include "adapters/sqlite/DemoData.h"
#include "adapters/sqlite/SqliteClaimStore.h"
#include "support/TestSupport.h"

namespace huzhu::test {

/// A temporary database, migrated, with the demo reference data for 20 members (M000001 ..
/// M000010 in union U0001, M000011 .. M000020 in U0002), dated by a FixedClock (2026-06-15).
struct DemoDatabase {
    TempDir dir;
    FixedClock clock;
    adapters::crypto::FieldCipher cipher{std::string(32, 'k')};
    adapters::crypto::Pbkdf2PasswordHasher hasher{1000};
    adapters::sqlite::Database db{dir.file("huzhu.db"), 32};
    bool loaded = false;
    adapters::sqlite::SqliteClaimStore store{db, cipher, clock};

    DemoDatabase() {
        db.migrate(clock.now());
        loaded = adapters::sqlite::loadDemoReferenceData(db, cipher, hasher, clock, 20);
    }

    std::int64_t count(const std::string& tableAndCondition) {
        using namespace Poco::Data::Keywords;
        Poco::Data::Session s = db.session();
        Poco::Int64 n = 0;
        s << "SELECT count(*) FROM " + tableAndCondition, into(n), now;
        return n;
    }

    std::int64_t sum(const std::string& columnFromWhere) {
        using namespace Poco::Data::Keywords;
        Poco::Data::Session s = db.session();
        Poco::Int64 n = 0;
        s << "SELECT coalesce(sum(" + columnFromWhere, into(n), now;
        return n;
    }

    std::int64_t memberId(const std::string& memberNo) {
        using namespace Poco::Data::Keywords;
        Poco::Data::Session s = db.session();
        Poco::Int64 id = 0;
        std::string no = memberNo;
        s << "SELECT id FROM members WHERE member_no = ?", use(no), into(id), now;
        return id;
    }

    std::int64_t unionOf(const std::string& memberNo) {
        using namespace Poco::Data::Keywords;
        Poco::Data::Session s = db.session();
        Poco::Int64 id = 0;
        std::string no = memberNo;
        s << "SELECT union_id FROM members WHERE member_no = ?", use(no), into(id), now;
        return id;
    }

    /// Inserts an account with raw SQL (password "secret") and returns its actor.
    core::Actor addUser(const std::string& username, const std::string& role,
                        std::optional<std::int64_t> member = std::nullopt,
                        std::optional<std::int64_t> unionId = std::nullopt) {
        using namespace Poco::Data::Keywords;
        Poco::Data::Session s = db.session();
        Poco::Nullable<Poco::Int64> m, u;
        if (member) m = *member;
        if (unionId) u = *unionId;
        std::string name = username, r = role, hash = hasher.hash("secret");
        s << "INSERT INTO users (username, password_hash, role, member_id, union_id) "
             "VALUES (?, ?, ?, ?, ?)",
            use(name), use(hash), use(r), use(m), use(u), now;
        return actorFor(username);
    }

    core::Actor actorFor(const std::string& username) {
        auto user = store.findUser(username);
        BOOST_REQUIRE_MESSAGE(user.has_value(), "no user " << username);
        return core::Actor{.userId = user->id,
                           .username = user->username,
                           .role = user->role,
                           .memberId = user->memberId,
                           .memberNo = user->memberNo,
                           .unionId = user->unionId};
    }
};

}  // namespace huzhu::test
