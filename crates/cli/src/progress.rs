//! Progress bars for long jobs (demo generation, verification, export). Hidden when the output
//! is not a terminal.

use indicatif::{ProgressBar, ProgressStyle};

pub fn bar(label: &str) -> ProgressBar {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({per_sec}, {eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message(label.to_owned());
    bar
}

/// A `progress(done, total)` callback, as the application's long jobs take, that moves `bar`.
pub fn reporter(bar: &ProgressBar) -> impl Fn(i64, i64) + Sync + '_ {
    move |done, total| {
        bar.set_length(total.max(0) as u64);
        bar.set_position(done.max(0) as u64);
    }
}
