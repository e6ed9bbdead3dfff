//! PNG heatmaps of densities with the viridis colour map (perceptually uniform, readable in
//! grey and by colour-blind readers).

use std::io::BufWriter;
use std::path::Path;

use super::error::CoarseError;

/// Viridis sampled at nine evenly spaced points (0, 1/8, …, 1) as sRGB; interpolated linearly.
const VIRIDIS: [[u8; 3]; 9] = [
    [68, 1, 84],
    [72, 40, 120],
    [62, 73, 137],
    [49, 104, 142],
    [38, 130, 142],
    [31, 158, 137],
    [53, 183, 121],
    [110, 206, 88],
    [253, 231, 37],
];

/// The viridis colour of `v` ∈ [0, 1] (clamped; NaN maps to 0).
pub fn viridis(v: f64) -> [u8; 3] {
    let v = if v.is_nan() { 0.0 } else { v.clamp(0.0, 1.0) };
    let x = v * 8.0;
    let i = (x.floor() as usize).min(7);
    let f = x - i as f64;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    std::array::from_fn(|c| (a[c] as f64 + f * (b[c] as f64 - a[c] as f64)).round() as u8)
}

/// Writes `values` (row-major, `width` per row, row 0 at the **bottom** of the picture) as an
/// RGB PNG, each value a `scale`×`scale` block, coloured linearly from 0 to the largest value.
pub fn write_png(
    path: &Path,
    values: &[f64],
    width: usize,
    scale: usize,
) -> Result<(), CoarseError> {
    let height = values.len() / width.max(1);
    let scale = scale.max(1);
    if width == 0 || height == 0 || height * width != values.len() {
        return Err(CoarseError::Invalid(format!(
            "heatmap {}: {} values do not fill rows of {width}",
            path.display(),
            values.len()
        )));
    }
    let max = values.iter().cloned().fold(0.0, f64::max);
    let (w_px, h_px) = (width * scale, height * scale);
    let mut data = vec![0u8; w_px * h_px * 3];
    for row in 0..h_px {
        let j = height - 1 - row / scale;
        for col in 0..w_px {
            let v = values[j * width + col / scale];
            let rgb = viridis(if max > 0.0 { v / max } else { 0.0 });
            data[(row * w_px + col) * 3..][..3].copy_from_slice(&rgb);
        }
    }
    let io = |e: String| CoarseError::Invalid(format!("cannot write {}: {e}", path.display()));
    let file = std::fs::File::create(path).map_err(|e| io(e.to_string()))?;
    let mut enc = png::Encoder::new(BufWriter::new(file), w_px as u32, h_px as u32);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    let mut writer = enc.write_header().map_err(|e| io(e.to_string()))?;
    writer
        .write_image_data(&data)
        .map_err(|e| io(e.to_string()))?;
    writer.finish().map_err(|e| io(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_map_ends_and_monotone_lightness() {
        assert_eq!(viridis(0.0), [68, 1, 84]);
        assert_eq!(viridis(1.0), [253, 231, 37]);
        assert_eq!(viridis(f64::NAN), [68, 1, 84]);
        let lum = |c: [u8; 3]| 0.2126 * c[0] as f64 + 0.7152 * c[1] as f64 + 0.0722 * c[2] as f64;
        for i in 0..100 {
            assert!(lum(viridis((i + 1) as f64 / 100.0)) >= lum(viridis(i as f64 / 100.0)));
        }
    }
}
