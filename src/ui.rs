//! How errbook talks to the person at the terminal: how much it says
//! (`-q`/`-v`), whether it uses colour (`--color`, `NO_COLOR`, terminal
//! detection) and whether it shows a progress bar (only on a terminal,
//! never in CI logs). Commands ask here instead of deciding each alone.

use crate::error::{Error, Result};
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicI8, AtomicU8, Ordering};

/// When to use colour (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless NO_COLOR is set.
    #[default]
    Auto,
    /// Even when the output is not a terminal.
    Always,
    /// Not even on a terminal.
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

/// Standard output or standard error.
#[derive(Debug, Clone, Copy)]
pub enum Stream {
    /// Standard output.
    Stdout,
    /// Standard error.
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

/// The width to wrap text for standard output: the terminal's, else
/// `COLUMNS`, else 80.
pub fn stdout_width() -> usize {
    if std::io::stdout().is_terminal() {
        if let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size() {
            return w as usize;
        }
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(80)
}

/// Prints `text` to standard output, through a pager when `page` and
/// standard output is a terminal (as git and rustc do: `ERRBOOK_PAGER`,
/// `PAGER`, else `less -FRX`, which quits at once when the text fits on
/// the screen).
pub fn show(text: &str, page: bool) -> Result<()> {
    if page && std::io::stdout().is_terminal() {
        let pager = std::env::var("ERRBOOK_PAGER")
            .or_else(|_| std::env::var("PAGER"))
            .ok()
            .filter(|p| !p.trim().is_empty())
            .unwrap_or_else(|| "less -FRX".to_string());
        let mut command = std::process::Command::new("sh");
        command
            .arg("-c")
            .arg(&pager)
            .stdin(std::process::Stdio::piped());
        if std::env::var_os("LESS").is_none() {
            command.env("LESS", "FRX");
        }
        if let Ok(mut child) = command.spawn() {
            if let Some(mut stdin) = child.stdin.take() {
                // A reader who quits the pager early closes the pipe.
                let _ = stdin.write_all(text.as_bytes());
            }
            let _ = child.wait();
            return Ok(());
        }
    }
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| Error::new(format!("cannot write to standard output: {e}")))
}

/// A write to standard output as a command's result: a reader that stops
/// early (`errbook search ... | head`) closes the pipe, which is not an
/// error; anything else is.
pub fn written(result: std::io::Result<()>) -> Result<()> {
    match result {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Error::new(format!("cannot write to standard output: {e}")))
        }
        _ => Ok(()),
    }
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
