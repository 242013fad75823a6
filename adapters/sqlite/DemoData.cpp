#include "adapters/sqlite/DemoData.h"

#include <Poco/Data/Statement.h>
#include <array>
#include <cstdio>

#include "adapters/formats/PlanJson.h"
#include "core/Identifiers.h"

namespace huzhu::adapters::sqlite {

using namespace Poco::Data::Keywords;
using Poco::Data::Session;

namespace {

constexpr std::array<const char*, 20> Surnames{"王", "李", "张", "刘", "陈", "杨",  "黄",
                                               "赵", "吴", "周", "徐", "孙", "马",  "朱",
                                               "胡", "郭", "何", "林", "罗", "欧阳"};
constexpr std::array<const char*, 24> GivenNames{
    "伟", "芳", "娜", "秀英", "敏", "静", "丽",   "强", "磊", "军", "洋",   "勇",
    "艳", "杰", "娟", "涛",   "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建华"};
constexpr std::array<const char*, 4> Banks{"中国工商银行贵阳分行", "中国建设银行贵阳分行",
                                           "中国农业银行贵阳分行", "贵阳银行"};

std::string demoName(int i) {
    if (i == 5) return "阿依古丽·买买提";  // a minority name with the middle dot
    return std::string(Surnames[static_cast<std::size_t>(i * 7) % Surnames.size()]) +
           GivenNames[static_cast<std::size_t>(i * 13) % GivenNames.size()];
}

/// A valid, unique resident ID for member i (i < 12,000,000): region 520102 (Guiyang),
/// a birth date spread over 1966–1998 and a sequence number.
std::string demoNationalId(int i) {
    const core::Date birth =
        core::Date(1966, 1, 1).addDays((static_cast<std::int64_t>(i) * 37) % 12000);
    char first17[32];
    std::snprintf(first17, sizeof first17, "520102%04d%02u%02u%03d", birth.year(), birth.month(),
                  birth.day(), (i / 12000) % 1000);
    return std::string(first17) + core::residentIdCheckChar(first17);
}

std::string demoBankCard(int i) {
    char payload[32];
    std::snprintf(payload, sizeof payload, "622202%012d", i);
    return std::string(payload) + core::luhnCheckDigit(payload);
}

}  // namespace

std::string demoPlanJson(int year) {
    const std::string y = std::to_string(year);
    return R"J({
  "code": "demo-inpatient",
  "version": )J" +
           y + R"J(,
  "name": "职工住院医疗互助(演示)",
  "period": {"start": ")J" +
           y + R"J(-01-01", "end": ")J" + y + R"J(-12-31"},
  "price_fen": 6000,
  "max_shares": 1,
  "benefits": [{
    "name": "住院医疗互助",
    "claim_type": "inpatient",
    "method": "ratio",
    "base": "self_pay_in_scope",
    "deductible": {"fen": 30000, "per": "period"},
    "bands": [{"upto_fen": null, "ratio_bp": 6000}],
    "cap_fen": 10000000
  }]
}
)J";
}

bool hasDemoAccounts(Database& db) {
    Session s = db.session();
    int demo = 0;
    s << "SELECT count(*) FROM users WHERE is_demo = 1", into(demo), now;
    return demo > 0;
}

core::Outcome storePlan(Database& db, const std::string& definitionJson, const core::Plan& plan,
                        const core::Clock& clock, const std::string& actor) {
    Session s = db.session();
    WriteTransaction tx(s);
    Poco::Nullable<std::string> existing;
    s << "SELECT definition FROM plans WHERE code = ? AND version = ?", bind(plan.code),
        bind(plan.version), into(existing), now;
    if (!existing.isNull()) {
        if (existing.value() == definitionJson) return core::Outcome::ok();
        return core::Outcome::conflict(
            "plan_version_exists",
            "plan " + plan.code + " version " + std::to_string(plan.version) +
                " is already stored with different rules; publish a new version");
    }
    const std::string at = clock.now();
    s << "INSERT INTO plans (code, version, name, period_start, period_end, definition, "
         "loaded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        bind(plan.code), bind(plan.version), bind(plan.name), bind(plan.periodStart.iso()),
        bind(plan.periodEnd.iso()), bind(definitionJson), bind(at), now;
    appendAudit(s, {at, actor, "plan.loaded", "plan",
                    plan.code + "@" + std::to_string(plan.version), "{}"});
    tx.commit();
    return core::Outcome::ok();
}

bool loadDemoReferenceData(Database& db, const crypto::FieldCipher& cipher,
                           const core::PasswordHasher& hasher, const core::Clock& clock,
                           int members) {
    Session s = db.session();
    int exists = 0;
    s << "SELECT count(*) FROM users WHERE username = 'demo-admin'", into(exists), now;
    if (exists) return false;

    const int year = clock.today().year();
    const std::string planJson = demoPlanJson(year);
    const core::Plan plan = formats::parsePlanJson(planJson);
    core::Outcome stored = storePlan(db, planJson, plan, clock);
    if (!stored.isOk()) throw Poco::DataException(stored.toString());

    WriteTransaction tx(s);
    const std::string at = clock.now();
    s << "INSERT INTO unions (union_code, name, parent_id) VALUES "
         "('U0000', '贵阳市总工会', NULL)",
        now;
    s << "INSERT INTO unions (union_code, name, parent_id) SELECT 'U0001', "
         "'贵阳第一机床厂工会', id FROM unions WHERE union_code = 'U0000'",
        now;
    s << "INSERT INTO unions (union_code, name, parent_id) SELECT 'U0002', "
         "'贵阳市第二人民医院工会', id FROM unions WHERE union_code = 'U0000'",
        now;
    Poco::Int64 unionA = 0, unionB = 0, planId = 0;
    s << "SELECT id FROM unions WHERE union_code = 'U0001'", into(unionA), now;
    s << "SELECT id FROM unions WHERE union_code = 'U0002'", into(unionB), now;
    s << "SELECT id FROM plans WHERE code = ? AND version = ?", bind(plan.code), bind(plan.version),
        into(planId), now;

    std::vector<std::string> memberNos, names, idEnc, idIndex, idMasked, genders, births, banks,
        accountEnc, accountMasked;
    std::vector<Poco::Int64> unions;
    for (int i = 1; i <= members; ++i) {
        char memberNo[16];
        std::snprintf(memberNo, sizeof memberNo, "M%06d", i);
        const std::string nationalId = demoNationalId(i);
        const auto info = core::parseResidentId(nationalId);
        poco_assert(info.has_value());
        const std::string card = demoBankCard(i);
        memberNos.emplace_back(memberNo);
        names.push_back(demoName(i));
        unions.push_back(i <= (members + 1) / 2 ? unionA : unionB);
        idEnc.push_back(cipher.encrypt(nationalId));
        idIndex.push_back(cipher.blindIndex(nationalId));
        idMasked.push_back(core::maskIdentifier(nationalId));
        genders.emplace_back(1, info->gender);
        births.push_back(info->birthDate.iso());
        banks.emplace_back(Banks[static_cast<std::size_t>(i) % Banks.size()]);
        accountEnc.push_back(cipher.encrypt(card));
        accountMasked.push_back(core::maskIdentifier(card));
    }
    if (members > 0) {
        s << "INSERT INTO members (member_no, name, union_id, national_id_enc, "
             "national_id_index, national_id_masked, gender, birth_date, bank_name, "
             "bank_account_enc, bank_account_masked) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            use(memberNos), use(names), use(unions), use(idEnc), use(idIndex), use(idMasked),
            use(genders), use(births), use(banks), use(accountEnc), use(accountMasked), now;
        const std::string start = plan.periodStart.iso(), end = plan.periodEnd.iso();
        s << "INSERT INTO enrolments (member_id, plan_id, shares, contribution_fen, enrolled_on, "
             "cover_start, cover_end) SELECT id, ?, 1, ?, ?, ?, ? FROM members",
            bind(planId), bind(plan.priceFen), bind(start), bind(start), bind(end), now;
    }

    struct DemoUser {
        const char* username;
        const char* role;
        bool member;
        bool unionOfficer;
    };
    const DemoUser users[] = {
        {"demo-member", "member", true, false},
        {"demo-union", "union_officer", false, true},
        {"demo-officer", "claims_officer", false, false},
        {"demo-senior", "senior_officer", false, false},
        {"demo-finance", "finance", false, false},
        {"demo-finance2", "finance", false, false},
        {"demo-auditor", "auditor", false, false},
        {"demo-admin", "admin", false, false},
    };
    for (const DemoUser& u : users) {
        Poco::Nullable<Poco::Int64> memberId, unionId;
        if (u.member && members > 0)
            s << "SELECT id FROM members WHERE member_no = 'M000001'", into(memberId), now;
        if (u.unionOfficer) unionId = unionA;
        s << "INSERT INTO users (username, password_hash, role, member_id, union_id, is_demo) "
             "VALUES (?, ?, ?, ?, ?, 1)",
            bind(std::string(u.username)), bind(hasher.hash("huzhu-demo")),
            bind(std::string(u.role)), bind(memberId), bind(unionId), now;
    }
    // The demo payer: the federation's (made-up) account that pain.001 files pay from.
    s << "INSERT INTO settings (key, value) VALUES ('payer.name', '示范市总工会职工互助保障会'), "
         "('payer.account', '6222020200012345678'), ('payer.bank_code', 'ICBKCNBJXXX') "
         "ON CONFLICT (key) DO NOTHING",
        now;
    appendAudit(s, {at, "cli", "demo.loaded", "database", db.path(),
                    "{\"members\":" + std::to_string(members) + "}"});
    tx.commit();
    return true;
}

}  // namespace huzhu::adapters::sqlite
