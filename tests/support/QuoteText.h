#pragma once
// Compact text of quotes for the engine tests' assertions.

#include <sstream>
#include <string>

#include "core/PayoutEngine.h"

namespace huzhu::test {

/// The steps of a line in a compact form, e.g. "base 1000000; deductible 30000; band 0-970000
/// @6000 582000".
inline std::string describe(const core::QuoteLine& line) {
    std::ostringstream out;
    bool first = true;
    for (const core::QuoteStep& s : line.steps) {
        if (!first) out << "; ";
        first = false;
        out << s.rule;
        if (s.fromFen) out << " " << *s.fromFen << "-" << *s.toFen;
        if (s.ratioBp) out << " @" << *s.ratioBp;
        if (s.count) out << " x" << *s.count;
        if (s.days) out << " d" << *s.days;
        out << " " << s.fen;
    }
    return out.str();
}

inline std::string statusOf(const core::Quote& q) {
    return std::string(core::toString(q.status));
}
inline std::string statusOf(const core::QuoteLine& l) {
    return std::string(core::toString(l.status));
}

}  // namespace huzhu::test
