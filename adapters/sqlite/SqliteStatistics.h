#pragma once

#include "adapters/sqlite/Database.h"
#include "core/Statistics.h"

namespace huzhu::adapters::sqlite {

/// StatisticsSource on SQLite: a handful of aggregate queries read in one transaction, so that
/// the figures agree with each other (WAL: writers are not blocked meanwhile). The grouped
/// figures are aggregated by SQLite per (month, union, plan) and only those groups are read.
/// Thread-safe: each call takes its own session from the pool.
class SqliteStatistics : public core::StatisticsSource {
public:
    explicit SqliteStatistics(Database& db);

    // StatisticsSource
    core::Statistics statistics(core::Date today) override;

private:
    Database& _db;
};

}  // namespace huzhu::adapters::sqlite
