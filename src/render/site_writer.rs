//! Writing the site's files into the staging directory, and counting them
//! for the build's summary.

use super::SiteSummary;
use crate::error::{Error, Result};
use crate::output::Staging;
use std::io::Write;
use std::path::PathBuf;

/// The site as it is written: where files go, and how many went in.
pub(crate) struct SiteWriter<'s> {
    /// The staging directory; code pages are written there by the workers
    /// that render them.
    pub(crate) staging: &'s Staging,
    summary: SiteSummary,
}

impl<'s> SiteWriter<'s> {
    /// Nothing written yet, into `staging`.
    pub(crate) fn new(staging: &'s Staging) -> Self {
        SiteWriter {
            staging,
            summary: SiteSummary { pages: 0, bytes: 0 },
        }
    }

    /// Writes the file at `relative` in the site.
    pub(crate) fn write(&mut self, relative: &str, content: &[u8]) -> Result<()> {
        self.staging.write(relative, content)?;
        self.count(content.len() as u64);
        Ok(())
    }

    /// Counts a file of `bytes` written another way (by a worker, or
    /// streamed).
    pub(crate) fn count(&mut self, bytes: u64) {
        self.summary.pages += 1;
        self.summary.bytes += bytes;
    }

    /// Opens the file at `relative` to be written piece by piece.
    pub(crate) fn stream(&self, relative: &str) -> Result<StreamedFile> {
        self.staging.write(relative, b"")?;
        let path = self.staging.path(relative);
        let file = std::fs::File::create(&path).map_err(|e| Error::io(&path, &e))?;
        Ok(StreamedFile {
            out: std::io::BufWriter::new(file),
            path,
            bytes: 0,
        })
    }

    /// What was written.
    pub(crate) fn summary(self) -> SiteSummary {
        self.summary
    }
}

/// A site file written piece by piece, so that it need not be held in
/// memory (the all-codes page).
pub(crate) struct StreamedFile {
    out: std::io::BufWriter<std::fs::File>,
    path: PathBuf,
    bytes: u64,
}

impl StreamedFile {
    /// Appends `text`.
    pub(crate) fn put(&mut self, text: &str) -> Result<()> {
        self.bytes += text.len() as u64;
        self.out
            .write_all(text.as_bytes())
            .map_err(|e| Error::io(&self.path, &e))
    }

    /// Flushes the file; returns its size.
    pub(crate) fn finish(mut self) -> Result<u64> {
        self.out.flush().map_err(|e| Error::io(&self.path, &e))?;
        Ok(self.bytes)
    }
}
