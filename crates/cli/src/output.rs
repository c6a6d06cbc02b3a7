//! Standard output for the command line. A closed pipe (`homeward audit export | head`) ends the
//! program quietly, as Unix tools do, instead of panicking the way `println!` does.

use std::io::{ErrorKind, Write};

/// Exit status after a closed pipe: 128 + SIGPIPE, what a shell reports for such a tool.
const CLOSED_PIPE: i32 = 141;

pub fn line(args: std::fmt::Arguments) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.write_all(b"\n")) {
        if e.kind() == ErrorKind::BrokenPipe {
            std::process::exit(CLOSED_PIPE);
        }
        eprintln!("homeward: cannot write to standard output: {e}");
        std::process::exit(74);
    }
}

/// `println!`, through [`line`].
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::output::line(format_args!($($arg)*))
    };
}
pub(crate) use say;
