#include "core/Statistics.h"

#include <algorithm>

namespace huzhu::core {

std::vector<CountAmount> topWithOther(std::vector<CountAmount> items, std::size_t top,
                                      std::string_view otherKey) {
    // stable_sort: items that tie on every field keep the order they came in (the caller's
    // order is deterministic, e.g. by id), so the result is too.
    std::stable_sort(items.begin(), items.end(), [](const CountAmount& a, const CountAmount& b) {
        if (a.amountFen != b.amountFen) return a.amountFen > b.amountFen;
        if (a.count != b.count) return a.count > b.count;
        return a.key < b.key;
    });
    if (items.size() <= top) return items;
    CountAmount other{std::string(otherKey), 0, 0};
    for (std::size_t i = top; i < items.size(); ++i) {
        other.count = checkedAdd(other.count, items[i].count);
        other.amountFen = checkedAdd(other.amountFen, items[i].amountFen);
    }
    items.resize(top);
    items.push_back(std::move(other));
    return items;
}

}  // namespace huzhu::core
