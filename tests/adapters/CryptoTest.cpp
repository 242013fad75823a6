#include "adapters/crypto/Crypto.h"

#include <sys/stat.h>

#include <Poco/Exception.h>
#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

#include "support/TestSupport.h"

using namespace huzhu::adapters::crypto;

namespace {

const std::string kKeyA(32, 'a');
const std::string kKeyB(32, 'b');

}  // namespace

BOOST_AUTO_TEST_SUITE(field_crypto)

BOOST_AUTO_TEST_CASE(digests_match_known_vectors) {
    // FIPS 180-2 "abc"; RFC 4231 test case 2.
    BOOST_TEST(sha256Hex("abc") ==
               "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    BOOST_TEST(sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    BOOST_TEST(hmacSha256Hex("Jefe", "what do ya want for nothing?") ==
               "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    BOOST_TEST(toHex(std::string("\x00\x7f\xff", 3)) == "007fff");
    BOOST_TEST(base64Url("\xfb\xff") == "-_8");
    BOOST_TEST(base64Url("foobar") == "Zm9vYmFy");
    BOOST_TEST(base64Url("fo") == "Zm8");
    BOOST_TEST(randomBytes(16).size() == 16u);
    BOOST_TEST(randomBytes(16) != randomBytes(16));
}

BOOST_AUTO_TEST_CASE(pbkdf2_hash_and_verify) {
    const Pbkdf2PasswordHasher hasher(1000);
    const std::string stored = hasher.hash("huzhu-demo");
    // "pbkdf2-sha256$1000$" + 32 hex salt + "$" + 64 hex digest
    BOOST_TEST(stored.rfind("pbkdf2-sha256$1000$", 0) == 0u);
    BOOST_TEST(stored.size() == std::string("pbkdf2-sha256$1000$").size() + 32 + 1 + 64);
    BOOST_TEST(hasher.verify("huzhu-demo", stored));
    BOOST_TEST(!hasher.verify("huzhu-demO", stored));
    BOOST_TEST(!hasher.verify("", stored));
    // A fresh salt every time.
    BOOST_TEST(hasher.hash("huzhu-demo") != stored);
    // The iteration count is read from the stored string, not from the hasher.
    BOOST_TEST(Pbkdf2PasswordHasher(2000).verify("huzhu-demo", stored));
}

BOOST_AUTO_TEST_CASE(pbkdf2_known_vector) {
    // PBKDF2-HMAC-SHA256("password", "salt", 1 and 4096 iterations, 32 bytes).
    const Pbkdf2PasswordHasher hasher(1000);
    const std::string salt = toHex("salt");
    BOOST_TEST(hasher.verify("password", "pbkdf2-sha256$1$" + salt +
                                             "$120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805"
                                             "987cb70be17b"));
    BOOST_TEST(hasher.verify("password", "pbkdf2-sha256$4096$" + salt +
                                             "$c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a496"
                                             "3873aa98134a"));
    BOOST_TEST(!hasher.verify("password", "pbkdf2-sha256$2$" + salt +
                                              "$120fb6cffcf8b32c43e7225256c4f837a86548c92ccc354808"
                                              "05987cb70be17b"));
}

BOOST_AUTO_TEST_CASE(pbkdf2_garbage_stored_strings_are_false) {
    const Pbkdf2PasswordHasher hasher(1000);
    const std::string digest = "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b";
    const std::string salt = toHex("salt");
    const std::string garbage[] = {
        "",
        "garbage",
        "pbkdf2-sha256$",
        "pbkdf2-sha256$1$",
        "pbkdf2-sha256$1$" + salt,
        "pbkdf2-sha256$1$" + salt + "$",
        "pbkdf2-sha256$1$" + salt + "$120fb6",                  // short digest
        "pbkdf2-sha256$1$" + salt + "$" + digest + "00",        // long digest
        "pbkdf2-sha256$1$zz$" + digest,                         // salt not hex
        "pbkdf2-sha256$1$" + salt + "$" + digest.substr(1),     // odd-length digest
        "pbkdf2-sha256$x$" + salt + "$" + digest,               // iterations not a number
        "pbkdf2-sha256$0$" + salt + "$" + digest,               // zero iterations
        "pbkdf2-sha256$-1$" + salt + "$" + digest,              // negative iterations
        "pbkdf2-sha256$99999999999999$" + salt + "$" + digest,  // iterations out of range
        "pbkdf2-sha1$1$" + salt + "$" + digest,                 // another algorithm
        "PBKDF2-SHA256$1$" + salt + "$" + digest,
    };
    for (const std::string& stored : garbage) {
        BOOST_TEST_CONTEXT("stored = \"" << stored << "\"") {
            bool ok = true;
            BOOST_CHECK_NO_THROW(ok = hasher.verify("password", stored));
            BOOST_TEST(!ok);
        }
    }
}

BOOST_AUTO_TEST_CASE(field_cipher_round_trip) {
    const FieldCipher cipher(kKeyA);
    for (const std::string& plain :
         {std::string("110105199001011234"), std::string("6222020000000000055"), std::string(""),
          std::string("阿依古丽·买买提"), std::string(1000, 'x')}) {
        const std::string stored = cipher.encrypt(plain);
        BOOST_TEST(stored.rfind("v1:", 0) == 0u);
        // "v1:" + hex(12-byte nonce + ciphertext + 16-byte tag)
        BOOST_TEST(stored.size() == 3 + 2 * (12 + plain.size() + 16));
        BOOST_TEST(stored.find(plain.empty() ? "\x01" : plain) == std::string::npos);
        BOOST_TEST(cipher.decrypt(stored) == plain);
    }
}

BOOST_AUTO_TEST_CASE(field_cipher_randomised) {
    const FieldCipher cipher(kKeyA);
    std::set<std::string> seen;
    for (int i = 0; i < 20; ++i) seen.insert(cipher.encrypt("110105199001011234"));
    BOOST_TEST(seen.size() == 20u);
}

BOOST_AUTO_TEST_CASE(field_cipher_tampering_throws) {
    const FieldCipher cipher(kKeyA);
    const std::string stored = cipher.encrypt("110105199001011234");
    // Flip one hex digit in the nonce, in the ciphertext and in the tag.
    for (std::size_t at : {std::size_t{3}, std::size_t{3 + 24 + 5}, stored.size() - 1}) {
        std::string bad = stored;
        bad[at] = bad[at] == '0' ? '1' : '0';
        BOOST_CHECK_THROW(cipher.decrypt(bad), Poco::DataException);
    }
    BOOST_CHECK_THROW(cipher.decrypt(stored.substr(0, stored.size() - 2)), Poco::DataException);
    BOOST_CHECK_THROW(cipher.decrypt("v2:" + stored.substr(3)), Poco::DataException);
    BOOST_CHECK_THROW(cipher.decrypt("v1:"), Poco::DataException);
    BOOST_CHECK_THROW(cipher.decrypt("v1:zz"), Poco::DataException);
    BOOST_CHECK_THROW(cipher.decrypt("v1:abc"), Poco::DataException);
    BOOST_CHECK_THROW(cipher.decrypt(""), Poco::DataException);
    // The wrong key fails authentication.
    BOOST_CHECK_THROW(FieldCipher(kKeyB).decrypt(stored), Poco::DataException);
}

BOOST_AUTO_TEST_CASE(blind_index) {
    const FieldCipher a(kKeyA), a2(kKeyA), b(kKeyB);
    const std::string index = a.blindIndex("110105199001011234");
    BOOST_TEST(index.size() == 64u);
    BOOST_TEST(index.find_first_not_of("0123456789abcdef") == std::string::npos);
    BOOST_TEST(a.blindIndex("110105199001011234") == index);
    BOOST_TEST(a2.blindIndex("110105199001011234") == index);
    BOOST_TEST(a.blindIndex("110105199001011235") != index);
    BOOST_TEST(b.blindIndex("110105199001011234") != index);
    BOOST_TEST(index != sha256Hex("110105199001011234"));
    // It is HMAC-SHA256 under the derived index key (the precomputed-pad implementation must
    // give the textbook value): key = HMAC(master, "huzhu blind index v1").
    const std::string indexKeyHex = hmacSha256Hex(std::string(kKeyA), "huzhu blind index v1");
    std::string indexKey;
    for (std::size_t i = 0; i < indexKeyHex.size(); i += 2)
        indexKey += static_cast<char>(std::stoi(indexKeyHex.substr(i, 2), nullptr, 16));
    BOOST_TEST(index == hmacSha256Hex(indexKey, "110105199001011234"));
    BOOST_TEST(a.blindIndex("") == hmacSha256Hex(indexKey, ""));
    // Signing keys differ by master key and are 32 bytes.
    BOOST_TEST(a.signingKey().size() == 32u);
    BOOST_TEST(a.signingKey() == a2.signingKey());
    BOOST_TEST(a.signingKey() != b.signingKey());
}

BOOST_AUTO_TEST_CASE(key_file_created_0600_and_reread) {
    huzhu::test::TempDir dir;
    const std::string path = dir.file("field.key");
    BOOST_CHECK_THROW(FieldCipher::fromKeyFile(path, false), Poco::FileNotFoundException);

    const FieldCipher created = FieldCipher::fromKeyFile(path, true);
    struct stat st {};
    BOOST_REQUIRE(::stat(path.c_str(), &st) == 0);
    BOOST_TEST((st.st_mode & 0777) == 0600u);
    const std::string contents = huzhu::test::readFile(path);
    BOOST_TEST(contents.size() == 65u);  // 64 hex + newline
    BOOST_TEST(contents.find_first_not_of("0123456789abcdef\n") == std::string::npos);

    // Re-reading (with or without createIfMissing) gives the same key.
    const FieldCipher reread = FieldCipher::fromKeyFile(path, false);
    const FieldCipher again = FieldCipher::fromKeyFile(path, true);
    BOOST_TEST(huzhu::test::readFile(path) == contents);
    BOOST_TEST(reread.blindIndex("x") == created.blindIndex("x"));
    BOOST_TEST(again.blindIndex("x") == created.blindIndex("x"));
    BOOST_TEST(reread.decrypt(created.encrypt("6222020000000000055")) == "6222020000000000055");

    // Another file, another key.
    const FieldCipher other = FieldCipher::fromKeyFile(dir.file("other.key"), true);
    BOOST_TEST(other.blindIndex("x") != created.blindIndex("x"));

    // A key file that is not 64 hex characters is refused.
    { std::ofstream(dir.file("short.key")) << "abcd\n"; }
    BOOST_CHECK_THROW(FieldCipher::fromKeyFile(dir.file("short.key"), false), Poco::Exception);
    { std::ofstream(dir.file("nothex.key")) << std::string(64, 'g') << "\n"; }
    BOOST_CHECK_THROW(FieldCipher::fromKeyFile(dir.file("nothex.key"), false), Poco::Exception);
}

BOOST_AUTO_TEST_SUITE_END()
