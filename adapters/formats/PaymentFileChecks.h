#pragma once

#include <cstddef>

#include "core/Ports.h"

namespace huzhu::adapters::formats {

/// The longest value, in characters, each field of a payment format may hold.
struct FieldLimits {
    std::size_t payeeName;
    std::size_t account;
    std::size_t bankName;
    std::size_t purpose;
    std::size_t reference;
};

/// Every text of every line fits the format (core::paymentTextProblem), else Invalid naming the
/// payout and the field.
core::Outcome checkFields(const core::PaymentFile& file, const FieldLimits& limits);

/// A readBack check: `summary` holds as many transfers as `declaredCount` and sums to
/// `declaredTotal`, else Invalid saying which.
core::Outcome checkDeclared(const core::PaymentFileSummary& summary, std::int64_t declaredCount,
                            core::Fen declaredTotal, const char* where);

}  // namespace huzhu::adapters::formats
