#include "adapters/crypto/Crypto.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

namespace huzhu::adapters::crypto {

namespace {

std::string fromHex(std::string_view hex) {
    if (hex.size() % 2 != 0) throw Poco::DataFormatException("odd-length hex string");
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        throw Poco::DataFormatException("not a hex digit");
    };
    std::string out(hex.size() / 2, '\0');
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = static_cast<char>(nibble(hex[2 * i]) * 16 + nibble(hex[2 * i + 1]));
    return out;
}

std::string hmacRaw(std::string_view key, std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
              reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &len))
        throw Poco::IOException("HMAC-SHA256 failed");
    return std::string(reinterpret_cast<char*>(digest), len);
}

std::string pbkdf2(std::string_view password, std::string_view salt, int iterations) {
    std::string out(32, '\0');
    if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                          reinterpret_cast<const unsigned char*>(salt.data()),
                          static_cast<int>(salt.size()), iterations, EVP_sha256(),
                          static_cast<int>(out.size()),
                          reinterpret_cast<unsigned char*>(out.data())) != 1)
        throw Poco::IOException("PBKDF2 failed");
    return out;
}

struct CipherCtxFree {
    void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

constexpr std::size_t NonceBytes = 12;
constexpr std::size_t TagBytes = 16;

}  // namespace

std::string toHex(std::string_view bytes) {
    static const char* const Hex = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out += Hex[c >> 4];
        out += Hex[c & 0xF];
    }
    return out;
}

std::string base64Url(std::string_view bytes) {
    static const char* const Alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    std::uint32_t acc = 0;
    int bits = 0;
    for (unsigned char c : bytes) {
        acc = (acc << 8) | c;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += Alphabet[(acc >> bits) & 0x3F];
        }
    }
    if (bits > 0) out += Alphabet[(acc << (6 - bits)) & 0x3F];
    return out;
}

std::string sha256Hex(std::string_view data) {
    // Fetched once: EVP_sha256() makes OpenSSL 3 look the implementation up in its provider
    // store on every digest, and the audit trail hashes every staff view.
    static EVP_MD* const Sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (!Sha256) throw Poco::IOException("SHA-256 is not available");
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &len, Sha256, nullptr) != 1)
        throw Poco::IOException("SHA-256 failed");
    return toHex(std::string_view(reinterpret_cast<char*>(digest), len));
}

std::string hmacSha256Hex(std::string_view key, std::string_view data) {
    return toHex(hmacRaw(key, data));
}

std::string randomBytes(std::size_t n) {
    std::string out(n, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1)
        throw Poco::IOException("the random number generator failed");
    return out;
}

std::string Pbkdf2PasswordHasher::hash(std::string_view password) const {
    const std::string salt = randomBytes(16);
    return "pbkdf2-sha256$" + std::to_string(_iterations) + "$" + toHex(salt) + "$" +
           toHex(pbkdf2(password, salt, _iterations));
}

bool Pbkdf2PasswordHasher::verify(std::string_view password, std::string_view stored) const {
    // Parse "pbkdf2-sha256$ITER$SALT$DIGEST"; anything else still costs one derivation so that
    // an unknown user takes as long as a wrong password.
    int iterations = _iterations;
    std::string salt = "unknown-user-salt", expected;
    const std::string prefix = "pbkdf2-sha256$";
    bool wellFormed = false;
    if (stored.substr(0, prefix.size()) == prefix) {
        std::string rest(stored.substr(prefix.size()));
        auto a = rest.find('$'), b = rest.find('$', a == std::string::npos ? a : a + 1);
        if (a != std::string::npos && b != std::string::npos) {
            try {
                iterations = std::stoi(rest.substr(0, a));
                salt = fromHex(rest.substr(a + 1, b - a - 1));
                expected = fromHex(rest.substr(b + 1));
                wellFormed = iterations > 0 && expected.size() == 32;
            } catch (const std::exception&) {
                wellFormed = false;
                iterations = _iterations;
            }
        }
    }
    if (!wellFormed) iterations = _iterations;  // e.g. "$0$" or "$-1$": never pass those on
    const std::string actual = pbkdf2(password, salt, iterations);
    return wellFormed && CRYPTO_memcmp(actual.data(), expected.data(), actual.size()) == 0;
}

FieldCipher::FieldCipher(std::string_view masterKey) {
    poco_assert(masterKey.size() == 32);
    _encryptionKey = hmacRaw(masterKey, "huzhu field encryption v1");
    _indexKey = hmacRaw(masterKey, "huzhu blind index v1");
    _signingKey = hmacRaw(masterKey, "huzhu signing v1");
    prepareIndexKey();
}

FieldCipher::FieldCipher(const FieldCipher& other)
    : _encryptionKey(other._encryptionKey),
      _indexKey(other._indexKey),
      _signingKey(other._signingKey) {
    prepareIndexKey();
}

FieldCipher::~FieldCipher() {
    EVP_MD_CTX_free(_indexInner);
    EVP_MD_CTX_free(_indexOuter);
}

void FieldCipher::prepareIndexKey() {
    // HMAC (RFC 2104) with a 32-byte key: pad the key to the 64-byte block, XOR with the pads.
    unsigned char ipad[64], opad[64];
    for (std::size_t i = 0; i < 64; ++i) {
        const unsigned char k = i < _indexKey.size() ? static_cast<unsigned char>(_indexKey[i]) : 0;
        ipad[i] = k ^ 0x36;
        opad[i] = k ^ 0x5c;
    }
    _indexInner = EVP_MD_CTX_new();
    _indexOuter = EVP_MD_CTX_new();
    if (!_indexInner || !_indexOuter ||
        EVP_DigestInit_ex(_indexInner, EVP_sha256(), nullptr) != 1 ||
        EVP_DigestUpdate(_indexInner, ipad, sizeof ipad) != 1 ||
        EVP_DigestInit_ex(_indexOuter, EVP_sha256(), nullptr) != 1 ||
        EVP_DigestUpdate(_indexOuter, opad, sizeof opad) != 1)
        throw Poco::IOException("cannot prepare the blind index key");
    OPENSSL_cleanse(ipad, sizeof ipad);
    OPENSSL_cleanse(opad, sizeof opad);
}

FieldCipher FieldCipher::fromKeyFile(const std::string& path, bool createIfMissing) {
    Poco::File file(path);
    if (!file.exists()) {
        if (!createIfMissing)
            throw Poco::FileNotFoundException("key file " + path +
                                              " is missing; run `huzhu init` to create it");
        const std::string hex = toHex(randomBytes(32)) + "\n";
        int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
        if (fd < 0) throw Poco::CreateFileException("cannot create key file " + path);
        const bool written =
            ::write(fd, hex.data(), hex.size()) == static_cast<ssize_t>(hex.size());
        const bool synced = ::fsync(fd) == 0;
        ::close(fd);
        if (!written || !synced) throw Poco::WriteFileException("cannot write key file " + path);
    }
    std::ifstream in(path);
    std::string hex;
    in >> hex;
    if (hex.size() != 64)
        throw Poco::DataFormatException("key file " + path + " must hold 64 hex characters");
    return FieldCipher(fromHex(hex));
}

namespace {

/// Per-thread encryption state: a cipher context with the key schedule of one key, and a
/// buffer of random bytes that nonces are cut from (one RAND_bytes call per 341 values).
struct EncryptState {
    CipherCtx ctx{EVP_CIPHER_CTX_new()};
    std::string key;
    unsigned char random[4092];
    std::size_t used = sizeof random;
};

/// A thread's decryption context with the key schedule set up once (as for encryption).
struct DecryptState {
    CipherCtx ctx{EVP_CIPHER_CTX_new()};
    std::string key;
};

}  // namespace

std::string FieldCipher::encrypt(std::string_view plaintext) const {
    thread_local EncryptState state;
    if (!state.ctx) throw Poco::IOException("cannot allocate a cipher context");
    if (state.key != _encryptionKey) {
        if (EVP_EncryptInit_ex(state.ctx.get(), EVP_aes_256_gcm(), nullptr,
                               reinterpret_cast<const unsigned char*>(_encryptionKey.data()),
                               nullptr) != 1)
            throw Poco::IOException("AES-256-GCM key setup failed");
        state.key = _encryptionKey;
    }
    if (state.used + NonceBytes > sizeof state.random) {
        if (RAND_bytes(state.random, sizeof state.random) != 1)
            throw Poco::IOException("the random number generator failed");
        state.used = 0;
    }
    const unsigned char* nonce = state.random + state.used;
    state.used += NonceBytes;

    std::string raw(NonceBytes + plaintext.size() + TagBytes, '\0');
    auto* out = reinterpret_cast<unsigned char*>(raw.data());
    std::memcpy(out, nonce, NonceBytes);
    OPENSSL_cleanse(state.random + state.used - NonceBytes, NonceBytes);
    int len = 0, finalLen = 0;
    EVP_CIPHER_CTX* ctx = state.ctx.get();
    if (EVP_EncryptInit_ex(ctx, nullptr, nullptr, nullptr, out) != 1 ||
        EVP_EncryptUpdate(ctx, out + NonceBytes, &len,
                          reinterpret_cast<const unsigned char*>(plaintext.data()),
                          static_cast<int>(plaintext.size())) != 1 ||
        EVP_EncryptFinal_ex(ctx, out + NonceBytes + len, &finalLen) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, TagBytes,
                            out + NonceBytes + plaintext.size()) != 1)
        throw Poco::IOException("AES-256-GCM encryption failed");
    return "v1:" + toHex(raw);
}

std::string FieldCipher::decrypt(std::string_view stored) const {
    if (stored.substr(0, 3) != "v1:") throw Poco::DataException("unknown field cipher version");
    const std::string raw = fromHex(stored.substr(3));
    if (raw.size() < NonceBytes + TagBytes) throw Poco::DataException("encrypted field too short");
    thread_local DecryptState state;
    if (!state.ctx) throw Poco::IOException("cannot allocate a cipher context");
    if (state.key != _encryptionKey) {
        if (EVP_DecryptInit_ex(state.ctx.get(), EVP_aes_256_gcm(), nullptr,
                               reinterpret_cast<const unsigned char*>(_encryptionKey.data()),
                               nullptr) != 1)
            throw Poco::IOException("AES-256-GCM key setup failed");
        state.key = _encryptionKey;
    }
    const auto* in = reinterpret_cast<const unsigned char*>(raw.data());
    const int bodyBytes = static_cast<int>(raw.size() - NonceBytes - TagBytes);
    unsigned char tag[TagBytes];
    std::memcpy(tag, in + NonceBytes + bodyBytes, TagBytes);
    EVP_CIPHER_CTX* ctx = state.ctx.get();
    std::string out(static_cast<std::size_t>(bodyBytes), '\0');
    int len = 0, finalLen = 0;
    if (EVP_DecryptInit_ex(ctx, nullptr, nullptr, nullptr, in) != 1 ||
        EVP_DecryptUpdate(ctx, reinterpret_cast<unsigned char*>(out.data()), &len, in + NonceBytes,
                          bodyBytes) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, TagBytes, tag) != 1 ||
        EVP_DecryptFinal_ex(ctx, reinterpret_cast<unsigned char*>(out.data()) + len, &finalLen) !=
            1)
        throw Poco::DataException("encrypted field failed authentication");
    return out;
}

std::string FieldCipher::blindIndex(std::string_view plaintext) const {
    struct MdCtxFree {
        void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
    };
    thread_local std::unique_ptr<EVP_MD_CTX, MdCtxFree> work(EVP_MD_CTX_new());
    unsigned char inner[EVP_MAX_MD_SIZE], mac[EVP_MAX_MD_SIZE];
    unsigned int innerLen = 0, macLen = 0;
    EVP_MD_CTX* c = work.get();
    if (!c || EVP_MD_CTX_copy_ex(c, _indexInner) != 1 ||
        EVP_DigestUpdate(c, plaintext.data(), plaintext.size()) != 1 ||
        EVP_DigestFinal_ex(c, inner, &innerLen) != 1 || EVP_MD_CTX_copy_ex(c, _indexOuter) != 1 ||
        EVP_DigestUpdate(c, inner, innerLen) != 1 || EVP_DigestFinal_ex(c, mac, &macLen) != 1)
        throw Poco::IOException("blind index HMAC failed");
    return toHex(std::string_view(reinterpret_cast<char*>(mac), macLen));
}

}  // namespace huzhu::adapters::crypto
