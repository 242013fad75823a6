#pragma once

#include <openssl/types.h>

#include <string>
#include <string_view>

#include "core/Ports.h"

namespace huzhu::adapters::crypto {

/// SHA-256 of `data` as 64 lowercase hex characters.
std::string sha256Hex(std::string_view data);
/// HMAC-SHA256 of `data` under `key`, as 64 lowercase hex characters.
std::string hmacSha256Hex(std::string_view key, std::string_view data);
/// `n` bytes from the OpenSSL CSPRNG; throws Poco::IOException when it fails.
std::string randomBytes(std::size_t n);
std::string toHex(std::string_view bytes);
/// URL-safe base64 without padding.
std::string base64Url(std::string_view bytes);

/// PBKDF2-HMAC-SHA256 with a 16-byte random salt per password. Stored form:
/// "pbkdf2-sha256$ITERATIONS$SALT_HEX$DIGEST_HEX". Thread-safe.
class Pbkdf2PasswordHasher : public core::PasswordHasher {
public:
    /// OWASP (2023) recommends 600,000 iterations for PBKDF2-HMAC-SHA256.
    static constexpr int DefaultIterations = 600'000;

    explicit Pbkdf2PasswordHasher(int iterations = DefaultIterations) : _iterations(iterations) {}

    // PasswordHasher
    std::string hash(std::string_view password) const override;
    bool verify(std::string_view password, std::string_view stored) const override;

private:
    int _iterations;
};

/// Field encryption for personal data (ID numbers, bank accounts): AES-256-GCM with a random
/// 96-bit nonce per value, and an HMAC-SHA256 blind index for equality lookups. The two keys
/// are derived from one 32-byte master key kept in a key file outside the database.
/// Stored form: "v1:" + hex(nonce ‖ ciphertext ‖ tag). Thread-safe: immutable after
/// construction; each thread keeps its own cipher context with the key schedule and a buffer
/// of CSPRNG bytes for nonces.
class FieldCipher {
public:
    /// REQUIRES: masterKey is 32 bytes.
    explicit FieldCipher(std::string_view masterKey);

    /// Reads the key file (64 hex characters), creating it with mode 0600 and a fresh random
    /// key when `createIfMissing` and it does not exist. Throws Poco::Exception on failure.
    static FieldCipher fromKeyFile(const std::string& path, bool createIfMissing);

    std::string encrypt(std::string_view plaintext) const;
    /// Throws Poco::DataException when the value was tampered with or the key is wrong.
    std::string decrypt(std::string_view stored) const;
    /// Deterministic keyed digest for lookups by value (hex).
    std::string blindIndex(std::string_view plaintext) const;
    /// A key for HMAC signatures (audit checkpoints, manifests), derived from the master key.
    const std::string& signingKey() const { return _signingKey; }

    FieldCipher(const FieldCipher& other);
    FieldCipher& operator=(const FieldCipher&) = delete;
    ~FieldCipher();

private:
    void prepareIndexKey();

    std::string _encryptionKey;
    std::string _indexKey;
    std::string _signingKey;
    // HMAC-SHA256 of the blind index with the key's inner and outer pads already absorbed, so
    // that each lookup costs two short digests (copied per call; never written after setup).
    EVP_MD_CTX* _indexInner = nullptr;
    EVP_MD_CTX* _indexOuter = nullptr;
};

}  // namespace huzhu::adapters::crypto
