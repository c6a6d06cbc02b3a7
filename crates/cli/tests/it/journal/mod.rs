//! The hash-chained journal: tamper drills and `audit verify`, durability across `kill -9`, and
//! concurrent appends.

mod concurrency;
mod crash;
mod tamper;
