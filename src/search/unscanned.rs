//! The chunks of a large file whose NUL scan was put off (lazy scanning:
//! a file with no match needs none), scanned when it turns out to matter.

use std::ops::Range;

use super::parallel::{first_nul, ChunkScan};

/// Deferred chunks scanned between two releases of the pages they read.
const RESCAN_GROUP: usize = 32;
/// The most bytes one deferred range holds: a chunk's size.
const PIECE: usize = 256 << 10;

/// The chunks of a large file not yet scanned for NUL bytes.
pub(super) struct Unscanned<'a> {
    pub bytes: &'a [u8],
    pub parallel: bool,
    /// Drops released pages again once a late scan has read them back.
    pub release: &'a (dyn Fn(Range<usize>) + Sync),
    /// Stops the scan between groups (see [`super::Chunked::abandon`]).
    pub abandon: &'a (dyn Fn() -> bool + Sync),
    /// Cut in pieces of at most [`PIECE`] bytes (a long line is one
    /// chunk), so that the pool shares them out.
    pub ranges: Vec<Range<usize>>,
}

impl Unscanned<'_> {
    /// Before a batch is replayed: every byte up to its last chunk with a
    /// match must be known free of NUL. Returns false if a NUL was found.
    /// Pages before `released_to` were released already.
    pub fn settle_batch(
        &mut self,
        chunks: &[Range<usize>],
        scans: &[ChunkScan],
        released_to: usize,
    ) -> bool {
        if scans.iter().any(|scan| scan.nul.is_some()) {
            return false;
        }
        let deferred =
            |(range, scan): (&Range<usize>, &ChunkScan)| (!scan.nul_scanned).then(|| range.clone());
        let Some(last_matched) = scans.iter().rposition(|scan| !scan.lines.is_empty()) else {
            self.defer(chunks.iter().zip(scans).filter_map(deferred));
            return true;
        };
        let (settle, keep) = chunks.split_at(last_matched + 1);
        self.defer(settle.iter().zip(scans).filter_map(deferred));
        let clean = self.scan_all(released_to);
        self.defer(
            keep.iter()
                .zip(&scans[last_matched + 1..])
                .filter_map(deferred),
        );
        clean
    }

    /// Adds `ranges` to those to scan, cut in pieces.
    fn defer(&mut self, ranges: impl Iterator<Item = Range<usize>>) {
        for range in ranges {
            let pieces = (range.start..range.end)
                .step_by(PIECE)
                .map(|start| start..(start + PIECE).min(range.end));
            self.ranges.extend(pieces);
        }
    }

    /// Scans every chunk left (on all threads when `parallel`); false if
    /// one holds a NUL. Pages before `released_to` that the scan maps in
    /// again are released again, group by group, so a late scan of a
    /// large file keeps memory bounded too.
    pub fn scan_all(&mut self, released_to: usize) -> bool {
        use rayon::prelude::*;
        let bytes = self.bytes;
        let has_nul = |range: &Range<usize>| first_nul(bytes, range.clone()).is_some();
        let mut clean = true;
        for group in self.ranges.chunks(RESCAN_GROUP) {
            // The caller sees the abandon too, and voids the results.
            if (self.abandon)() {
                break;
            }
            let dirty = if self.parallel {
                group.par_iter().any(has_nul)
            } else {
                group.iter().any(has_nul)
            };
            let span = group[0].start..group[group.len() - 1].end.min(released_to);
            (self.release)(span);
            if dirty {
                clean = false;
                break;
            }
        }
        self.ranges.clear();
        clean
    }
}
