//! `multiscope import DIR`: bring a LAMMPS run of an export back into multiscope's analysis;
//! with `--json` the output is the coefficients file of `multiscope solve`, as for `measure`.

use std::path::PathBuf;

use clap::Args;

use super::CliError;
use super::measure::{print_predictions, print_report};
use crate::analysis::estimate_of;
use crate::lammps::import;
use crate::predict::{predict, prediction_curves, write_prediction_csv};

/// Arguments of `import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Folder written by `multiscope export --lammps DIR` in which LAMMPS ran.
    pub dir: PathBuf,
    /// The scene (default: the export's own scene.ron).
    #[arg(long)]
    pub scene: Option<PathBuf>,
    /// Print one JSON object (the coefficients file of `multiscope solve --coefficients`).
    #[arg(long)]
    pub json: bool,
    /// Folder for the CSV curves (as `measure --out`).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// Runs `import`.
pub fn run(args: &ImportArgs) -> Result<(), CliError> {
    let imported = import(&args.dir, args.scene.as_deref())?;
    let predictions = predict(&imported.report, None);
    if let Some(dir) = &args.out {
        let mut files = imported
            .report
            .write_csv(&imported.curves, dir)
            .map_err(|e| CliError::output(dir, e))?;
        files.extend(
            write_prediction_csv(&prediction_curves(&imported.report, &imported.curves), dir)
                .map_err(|e| CliError::output(dir, e))?,
        );
        eprintln!("wrote {} CSV files to {}", files.len(), dir.display());
    }
    if args.json {
        let mut value = serde_json::to_value(&imported.report).expect("report serialises");
        value["predictions"] = serde_json::to_value(&predictions).expect("serialises");
        value["lammps"] = serde_json::json!({
            "folder": args.dir.display().to_string(),
            "samples": { "free": imported.samples[0], "held": imported.samples[1],
                         "windows": imported.samples[2] },
            "thermo": imported.thermo,
            "export": imported.manifest,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&value).expect("report serialises")
        );
    } else {
        print_report(&args.dir.display().to_string(), &imported.report);
        print_predictions(&predictions);
        let s = imported.samples;
        println!(
            "  LAMMPS samples: {} free, {} held, {} in windows",
            s[0], s[1], s[2]
        );
        if let Some(t) = imported.thermo {
            println!("  LAMMPS thermo, free segment ({} lines):", t.lines);
            println!("    T      {}", estimate_of(t.temperature));
            println!("    U/N    {}", estimate_of(t.potential_energy_per_atom));
            println!("    E/N    {}", estimate_of(t.total_energy_per_atom));
            println!("    P      {}", estimate_of(t.pressure));
        }
    }
    Ok(())
}
