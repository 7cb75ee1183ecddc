//! How errbook talks to the person at the terminal: how much it says
//! (`-q`/`-v`), whether it uses colour (`--color`, `NO_COLOR`, terminal
//! detection) and whether it shows a progress bar (only on a terminal,
//! never in CI logs). Commands ask here instead of deciding each alone.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicI8, AtomicU8, Ordering};

/// When to use colour (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless NO_COLOR is set.
    #[default]
    Auto,
    Always,
    Never,
}

/// -1 quiet, 0 normal, 1+ verbose.
static VERBOSITY: AtomicI8 = AtomicI8::new(0);
static COLOR: AtomicU8 = AtomicU8::new(0);

/// Set once by `main` from the global flags.
pub fn init(quiet: bool, verbose: u8, color: ColorWhen) {
    let level = if quiet { -1 } else { verbose.min(3) as i8 };
    VERBOSITY.store(level, Ordering::Relaxed);
    COLOR.store(color as u8, Ordering::Relaxed);
}

/// `-q`: only errors and the output asked for.
pub fn quiet() -> bool {
    VERBOSITY.load(Ordering::Relaxed) < 0
}

/// `-v`: timings and what was read.
pub fn verbose() -> bool {
    VERBOSITY.load(Ordering::Relaxed) > 0
}

#[derive(Debug, Clone, Copy)]
pub enum Stream {
    Stdout,
    Stderr,
}

fn color_when() -> ColorWhen {
    match COLOR.load(Ordering::Relaxed) {
        1 => ColorWhen::Always,
        2 => ColorWhen::Never,
        _ => ColorWhen::Auto,
    }
}

/// Whether to write colour to `stream`: `--color always` forces it;
/// otherwise only on a terminal and never when NO_COLOR is set
/// (<https://no-color.org>).
pub fn color(stream: Stream) -> bool {
    match color_when() {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            !no_color
                && match stream {
                    Stream::Stdout => std::io::stdout().is_terminal(),
                    Stream::Stderr => std::io::stderr().is_terminal(),
                }
        }
    }
}

/// A progress bar on standard error for `len` steps, when a person is
/// watching: stderr is a terminal, not `-q`, and not in CI (`CI` set).
pub fn progress(len: u64, what: &str) -> Option<indicatif::ProgressBar> {
    let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
    if quiet() || in_ci || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(len);
    let style = indicatif::ProgressStyle::with_template(
        "{spinner} {msg} [{bar:30}] {pos}/{len} ({eta} left)",
    )
    .map(|s| s.progress_chars("=> "))
    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(style);
    bar.set_message(what.to_string());
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    Some(bar)
}

/// A status line on standard error, unless `-q`.
#[macro_export]
macro_rules! status {
    ($($arg:tt)*) => {
        if !$crate::ui::quiet() {
            eprintln!($($arg)*);
        }
    };
}

/// A detail on standard error, only with `-v`.
#[macro_export]
macro_rules! detail {
    ($($arg:tt)*) => {
        if $crate::ui::verbose() {
            eprintln!($($arg)*);
        }
    };
}
