#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

/// Name tables for core's enums (private to core/): one constexpr table per enum, looked up
/// both ways.
namespace huzhu::core::internal {

template <typename E, std::size_t N>
using NameTable = std::array<std::pair<E, std::string_view>, N>;

template <typename E, std::size_t N>
std::string_view nameOf(const NameTable<E, N>& table, E value) {
    for (const auto& [v, name] : table)
        if (v == value) return name;
    return "?";
}

template <typename E, std::size_t N>
std::optional<E> valueOf(const NameTable<E, N>& table, std::string_view text) {
    for (const auto& [v, name] : table)
        if (name == text) return v;
    return std::nullopt;
}

}  // namespace huzhu::core::internal
