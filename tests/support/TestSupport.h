#pragma once

// Helpers shared by the adapters and claims test executables: a fixed clock and a temporary
// directory removed at the end of the test.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

#include "core/Ports.h"

namespace huzhu::test {

/// A clock that always answers 2026-06-15 10:00 in Beijing (or the date given).
class FixedClock : public core::Clock {
public:
    explicit FixedClock(core::Date today = core::Date(2026, 6, 15)) : _today(today) {}
    core::Date today() const override { return _today; }
    std::string now() const override { return _today.iso() + "T10:00:00+08:00"; }
    std::int64_t epochSeconds() const override { return _today.dayNumber() * 86400 + 7200; }

private:
    core::Date _today;
};

/// A fresh directory under the system temp dir, removed with everything in it on destruction.
class TempDir {
public:
    TempDir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "huzhu-test-XXXXXX").string();
        if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
        _path = pattern;
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(_path, ignored);
    }
    const std::filesystem::path& path() const { return _path; }
    std::string file(const std::string& name) const { return (_path / name).string(); }

private:
    std::filesystem::path _path;
};

inline std::string readFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace huzhu::test
