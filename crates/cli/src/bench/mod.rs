//! `homeward bench`: throughput measurements whose figures go to docs/PERFORMANCE.md.
//!
//! Each benchmark builds a throw-away node (a temporary SQLite file, or a fresh schema on the
//! PostgreSQL server named by --database-url), runs several rounds and prints the median.

mod areas;
mod http;
mod import;
mod journal;
mod kit;
mod map;
mod safeguards;
mod verify;

use crate::NodeArgs;
use anyhow::Result;
use clap::Subcommand;

#[derive(Subcommand)]
pub enum BenchCommand {
    /// Bulk journal appends: raw events and household registrations, in batched transactions.
    Import {
        /// Events per round for the raw append benchmark.
        #[arg(long, default_value_t = 50_000)]
        events: usize,
        /// Households per round for the registration benchmark.
        #[arg(long, default_value_t = 5_000)]
        households: usize,
        #[arg(long, default_value_t = 5)]
        rounds: usize,
    },
    /// Durable single writes and reads over HTTP against an in-process server.
    Http {
        #[arg(long, default_value_t = 2_000)]
        requests: usize,
        #[arg(long, default_value_t = 16)]
        concurrency: usize,
        #[arg(long, default_value_t = 3)]
        rounds: usize,
    },
    /// The safeguard engine per case, and transitions over HTTP (passed and refused).
    Safeguards {
        /// Cases moved per round.
        #[arg(long, default_value_t = 2_000)]
        cases: usize,
        #[arg(long, default_value_t = 16)]
        concurrency: usize,
        #[arg(long, default_value_t = 3)]
        rounds: usize,
    },
    /// Time `audit verify` on the node's own data (--data-dir / --database-url).
    Verify,
    /// Proofs per second and verification entries per second on a journal of many entries.
    Journal {
        #[arg(long, default_value_t = 100_000)]
        entries: usize,
        /// Proofs of each kind per round.
        #[arg(long, default_value_t = 5_000)]
        proofs: usize,
        #[arg(long, default_value_t = 3)]
        rounds: usize,
    },
    /// Recompute area statuses over many areas and assessments; render the public area pages.
    Areas {
        /// Districts (adm2), spread over 50 provinces.
        #[arg(long, default_value_t = 50_000)]
        areas: usize,
        #[arg(long, default_value_t = 500_000)]
        assessments: usize,
        #[arg(long, default_value_t = 3)]
        rounds: usize,
    },
    /// Serve the public map page of one province with many detailed districts.
    Map {
        #[arg(long, default_value_t = 1_000)]
        districts: usize,
        /// Positions per district outline.
        #[arg(long, default_value_t = 200)]
        vertices: usize,
        #[arg(long, default_value_t = 10)]
        rounds: usize,
    },
}

pub async fn run(node: &NodeArgs, cmd: BenchCommand) -> Result<()> {
    match cmd {
        BenchCommand::Import {
            events,
            households,
            rounds,
        } => import::run(node, events, households, rounds).await,
        BenchCommand::Http {
            requests,
            concurrency,
            rounds,
        } => http::run(node, requests, concurrency, rounds).await,
        BenchCommand::Areas {
            areas,
            assessments,
            rounds,
        } => areas::run(node, areas, assessments, rounds).await,
        BenchCommand::Safeguards {
            cases,
            concurrency,
            rounds,
        } => safeguards::run(node, cases, concurrency, rounds).await,
        BenchCommand::Map {
            districts,
            vertices,
            rounds,
        } => map::run(node, districts, vertices, rounds).await,
        BenchCommand::Verify => verify::run(node).await,
        BenchCommand::Journal {
            entries,
            proofs,
            rounds,
        } => journal::run(node, entries, proofs, rounds).await,
    }
}
