//! The periodic table as data: symbol, name, standard atomic weight and UFF Lennard-Jones
//! parameters of every element from hydrogen (Z = 1) to lawrencium (Z = 103), all that UFF covers.
//!
//! Sources:
//! - masses: the standard atomic weights of IUPAC (Meija et al., "Atomic weights of the elements
//!   2013", Pure Appl. Chem. 88, 265 (2016), Table 1), the conventional values of its Table 3 for
//!   the elements whose weight is given as an interval (H, Li, B, C, N, O, Mg, Si, S, Cl, Br, Tl);
//!   for an element without a stable isotope (Tc, Pm, Po–Ac, Np and beyond) the mass number of
//!   the isotope IUPAC lists for it (Tc 98, Pm 145, Po 209, …, Lr 262), as periodic tables write in
//!   brackets;
//! - Lennard-Jones parameters: the nonbond terms of the Universal Force Field, Rappé, Casewit,
//!   Colwell, Goddard and Skiff, J. Am. Chem. Soc. 114, 10024 (1992), Table 1: the well distance
//!   x_i [Å] and well depth D_i [kcal/mol]. UFF gives them per atom type; every type of one
//!   element carries the same x_i and D_i, so one pair per element is the whole table. The LJ σ
//!   is x_i/2^(1/6) (the 12-6 minimum sits at 2^(1/6)σ) and ε = D_i.
//!
//! Elements beyond lawrencium (Rf–Og) have no UFF parameters and are not in the table; a file
//! naming one is refused as an unknown element.

/// One chemical element.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Element {
    /// Atomic number Z.
    pub number: u8,
    /// Symbol as written in the periodic table (`"C"`, `"Cl"`).
    pub symbol: &'static str,
    /// English name, lower case (`"carbon"`).
    pub name: &'static str,
    /// Standard atomic weight [u] (the mass number for an element without a stable isotope).
    pub mass: f64,
    /// UFF well distance x_i [Å]: where the Lennard-Jones energy of a like pair is lowest.
    pub uff_x: f64,
    /// UFF well depth D_i [kcal/mol].
    pub uff_d: f64,
}

/// kcal/mol in kelvin: 4184 J/mol over the gas constant R = 8.314 462 618 J/(mol·K) [K·mol/kcal].
const KELVIN_PER_KCAL_PER_MOL: f64 = 4184.0 / 8.314_462_618;

impl Element {
    /// Lennard-Jones σ of the UFF parameters [Å]: x_i / 2^(1/6).
    pub fn uff_sigma(&self) -> f64 {
        self.uff_x / 2f64.powf(1.0 / 6.0)
    }

    /// Lennard-Jones well depth ε = D_i as a temperature, ε/k_B [K].
    pub fn uff_epsilon_kelvin(&self) -> f64 {
        self.uff_d * KELVIN_PER_KCAL_PER_MOL
    }
}

/// One row of [`ELEMENTS`].
const fn e(
    number: u8,
    symbol: &'static str,
    name: &'static str,
    mass: f64,
    uff_x: f64,
    uff_d: f64,
) -> Element {
    Element {
        number,
        symbol,
        name,
        mass,
        uff_x,
        uff_d,
    }
}

/// Every element H … Lr, indexed by Z − 1: `(Z, symbol, name, mass [u], UFF x_i [Å], UFF D_i
/// [kcal/mol])`.
#[rustfmt::skip]
#[allow(clippy::approx_constant)] // Hf's x_i is 3.141 Å, not an approximation of π.
pub static ELEMENTS: [Element; 103] = [
    e(1, "H", "hydrogen", 1.008, 2.886, 0.044),
    e(2, "He", "helium", 4.002602, 2.362, 0.056),
    e(3, "Li", "lithium", 6.94, 2.451, 0.025),
    e(4, "Be", "beryllium", 9.0121831, 2.745, 0.085),
    e(5, "B", "boron", 10.81, 4.083, 0.18),
    e(6, "C", "carbon", 12.011, 3.851, 0.105),
    e(7, "N", "nitrogen", 14.007, 3.66, 0.069),
    e(8, "O", "oxygen", 15.999, 3.5, 0.06),
    e(9, "F", "fluorine", 18.998403163, 3.364, 0.05),
    e(10, "Ne", "neon", 20.1797, 3.243, 0.042),
    e(11, "Na", "sodium", 22.98976928, 2.983, 0.03),
    e(12, "Mg", "magnesium", 24.305, 3.021, 0.111),
    e(13, "Al", "aluminium", 26.9815385, 4.499, 0.505),
    e(14, "Si", "silicon", 28.085, 4.295, 0.402),
    e(15, "P", "phosphorus", 30.973761998, 4.147, 0.305),
    e(16, "S", "sulfur", 32.06, 4.035, 0.274),
    e(17, "Cl", "chlorine", 35.45, 3.947, 0.227),
    e(18, "Ar", "argon", 39.948, 3.868, 0.185),
    e(19, "K", "potassium", 39.0983, 3.812, 0.035),
    e(20, "Ca", "calcium", 40.078, 3.399, 0.238),
    e(21, "Sc", "scandium", 44.955908, 3.295, 0.019),
    e(22, "Ti", "titanium", 47.867, 3.175, 0.017),
    e(23, "V", "vanadium", 50.9415, 3.144, 0.016),
    e(24, "Cr", "chromium", 51.9961, 3.023, 0.015),
    e(25, "Mn", "manganese", 54.938044, 2.961, 0.013),
    e(26, "Fe", "iron", 55.845, 2.912, 0.013),
    e(27, "Co", "cobalt", 58.933194, 2.872, 0.014),
    e(28, "Ni", "nickel", 58.6934, 2.834, 0.015),
    e(29, "Cu", "copper", 63.546, 3.495, 0.005),
    e(30, "Zn", "zinc", 65.38, 2.763, 0.124),
    e(31, "Ga", "gallium", 69.723, 4.383, 0.415),
    e(32, "Ge", "germanium", 72.63, 4.28, 0.379),
    e(33, "As", "arsenic", 74.921595, 4.23, 0.309),
    e(34, "Se", "selenium", 78.971, 4.205, 0.291),
    e(35, "Br", "bromine", 79.904, 4.189, 0.251),
    e(36, "Kr", "krypton", 83.798, 4.141, 0.22),
    e(37, "Rb", "rubidium", 85.4678, 4.114, 0.04),
    e(38, "Sr", "strontium", 87.62, 3.641, 0.235),
    e(39, "Y", "yttrium", 88.90584, 3.345, 0.072),
    e(40, "Zr", "zirconium", 91.224, 3.124, 0.069),
    e(41, "Nb", "niobium", 92.90637, 3.165, 0.059),
    e(42, "Mo", "molybdenum", 95.95, 3.052, 0.056),
    e(43, "Tc", "technetium", 98.0, 2.998, 0.048),
    e(44, "Ru", "ruthenium", 101.07, 2.963, 0.056),
    e(45, "Rh", "rhodium", 102.9055, 2.929, 0.053),
    e(46, "Pd", "palladium", 106.42, 2.899, 0.048),
    e(47, "Ag", "silver", 107.8682, 3.148, 0.036),
    e(48, "Cd", "cadmium", 112.414, 2.848, 0.228),
    e(49, "In", "indium", 114.818, 4.463, 0.599),
    e(50, "Sn", "tin", 118.71, 4.392, 0.567),
    e(51, "Sb", "antimony", 121.76, 4.42, 0.449),
    e(52, "Te", "tellurium", 127.6, 4.47, 0.398),
    e(53, "I", "iodine", 126.90447, 4.5, 0.339),
    e(54, "Xe", "xenon", 131.293, 4.404, 0.332),
    e(55, "Cs", "caesium", 132.90545196, 4.517, 0.045),
    e(56, "Ba", "barium", 137.327, 3.703, 0.364),
    e(57, "La", "lanthanum", 138.90547, 3.522, 0.017),
    e(58, "Ce", "cerium", 140.116, 3.556, 0.013),
    e(59, "Pr", "praseodymium", 140.90766, 3.606, 0.01),
    e(60, "Nd", "neodymium", 144.242, 3.575, 0.01),
    e(61, "Pm", "promethium", 145.0, 3.547, 0.009),
    e(62, "Sm", "samarium", 150.36, 3.52, 0.008),
    e(63, "Eu", "europium", 151.964, 3.493, 0.008),
    e(64, "Gd", "gadolinium", 157.25, 3.368, 0.009),
    e(65, "Tb", "terbium", 158.92535, 3.451, 0.007),
    e(66, "Dy", "dysprosium", 162.5, 3.428, 0.007),
    e(67, "Ho", "holmium", 164.93033, 3.409, 0.007),
    e(68, "Er", "erbium", 167.259, 3.391, 0.007),
    e(69, "Tm", "thulium", 168.93422, 3.374, 0.006),
    e(70, "Yb", "ytterbium", 173.054, 3.355, 0.228),
    e(71, "Lu", "lutetium", 174.9668, 3.64, 0.041),
    e(72, "Hf", "hafnium", 178.49, 3.141, 0.072),
    e(73, "Ta", "tantalum", 180.94788, 3.17, 0.081),
    e(74, "W", "tungsten", 183.84, 3.069, 0.067),
    e(75, "Re", "rhenium", 186.207, 2.954, 0.066),
    e(76, "Os", "osmium", 190.23, 3.12, 0.037),
    e(77, "Ir", "iridium", 192.217, 2.84, 0.073),
    e(78, "Pt", "platinum", 195.084, 2.754, 0.08),
    e(79, "Au", "gold", 196.966569, 3.293, 0.039),
    e(80, "Hg", "mercury", 200.592, 2.705, 0.385),
    e(81, "Tl", "thallium", 204.38, 4.347, 0.68),
    e(82, "Pb", "lead", 207.2, 4.297, 0.663),
    e(83, "Bi", "bismuth", 208.9804, 4.37, 0.518),
    e(84, "Po", "polonium", 209.0, 4.709, 0.325),
    e(85, "At", "astatine", 210.0, 4.75, 0.284),
    e(86, "Rn", "radon", 222.0, 4.765, 0.248),
    e(87, "Fr", "francium", 223.0, 4.9, 0.05),
    e(88, "Ra", "radium", 226.0, 3.677, 0.404),
    e(89, "Ac", "actinium", 227.0, 3.478, 0.033),
    e(90, "Th", "thorium", 232.0377, 3.396, 0.026),
    e(91, "Pa", "protactinium", 231.03588, 3.424, 0.022),
    e(92, "U", "uranium", 238.02891, 3.395, 0.022),
    e(93, "Np", "neptunium", 237.0, 3.424, 0.019),
    e(94, "Pu", "plutonium", 244.0, 3.424, 0.016),
    e(95, "Am", "americium", 243.0, 3.381, 0.014),
    e(96, "Cm", "curium", 247.0, 3.326, 0.013),
    e(97, "Bk", "berkelium", 247.0, 3.339, 0.013),
    e(98, "Cf", "californium", 251.0, 3.313, 0.013),
    e(99, "Es", "einsteinium", 252.0, 3.299, 0.012),
    e(100, "Fm", "fermium", 257.0, 3.286, 0.012),
    e(101, "Md", "mendelevium", 258.0, 3.274, 0.011),
    e(102, "No", "nobelium", 259.0, 3.248, 0.011),
    e(103, "Lr", "lawrencium", 262.0, 3.236, 0.011),
];

/// The element of atomic number `z` (1 … 103), or `None`.
pub fn by_number(z: u32) -> Option<&'static Element> {
    (z as usize).checked_sub(1).and_then(|i| ELEMENTS.get(i))
}

/// The element whose symbol is `symbol`, ignoring case (`"CL"`, `"cl"` and `"Cl"` are chlorine)
/// and surrounding blanks; or `None`.
pub fn by_symbol(symbol: &str) -> Option<&'static Element> {
    let s = symbol.trim();
    ELEMENTS.iter().find(|e| e.symbol.eq_ignore_ascii_case(s))
}

/// The element `text` names: a symbol (any case) or an atomic number (`"6"`); or `None`.
pub fn parse(text: &str) -> Option<&'static Element> {
    let t = text.trim();
    match t.parse::<u32>() {
        Ok(z) => by_number(z),
        Err(_) => by_symbol(t),
    }
}

/// A known element that `text` was probably meant to be, for an error message: the symbol left
/// after dropping digits and signs (`"C1"` → C, `"Fe2+"` → Fe, `"Au_3"` → Au), else a symbol that
/// matches its first one or two letters, else an element's full name (`"gold"` → Au).
pub fn suggest(text: &str) -> Option<&'static Element> {
    let letters: String = text.chars().filter(|c| c.is_ascii_alphabetic()).collect();
    if letters.is_empty() {
        return None;
    }
    if let Some(e) = by_symbol(&letters) {
        return Some(e);
    }
    if let Some(e) = ELEMENTS
        .iter()
        .find(|e| e.name.eq_ignore_ascii_case(&letters))
    {
        return Some(e);
    }
    if let Some(e) = letters.get(..2).and_then(by_symbol) {
        return Some(e);
    }
    by_symbol(&letters[..1])
}

/// The element whose standard atomic weight is within `tolerance` [u] of `mass` [u], when there is
/// exactly one; `Err` with every candidate otherwise (none, or several as close as that).
pub fn by_mass(mass: f64, tolerance: f64) -> Result<&'static Element, Vec<&'static Element>> {
    let close: Vec<_> = ELEMENTS
        .iter()
        .filter(|e| (e.mass - mass).abs() <= tolerance)
        .collect();
    match close.as_slice() {
        [one] => Ok(one),
        _ => Err(close),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_ordered_by_atomic_number_and_complete() {
        for (i, e) in ELEMENTS.iter().enumerate() {
            assert_eq!(e.number as usize, i + 1, "{}", e.symbol);
            assert!(
                e.mass > 0.0 && e.uff_x > 0.0 && e.uff_d > 0.0,
                "{}",
                e.symbol
            );
        }
        assert_eq!(ELEMENTS[0].symbol, "H");
        assert_eq!(ELEMENTS[102].symbol, "Lr");
        // Masses rise with Z except at the known inversions (Ar/K, Co/Ni, Te/I, Th/Pa, U/Np …).
        let inversions = ELEMENTS
            .windows(2)
            .filter(|w| w[1].mass < w[0].mass)
            .count();
        assert!(inversions <= 8, "{inversions} inversions");
    }

    #[test]
    fn published_values_are_those_of_the_sources() {
        // Rappé et al. 1992, Table 1: C_3 x = 3.851 Å, D = 0.105 kcal/mol; Au4+3 3.293, 0.039;
        // H_ 2.886, 0.044; Ar4+4 3.868, 0.185.
        let c = by_symbol("C").unwrap();
        assert_eq!((c.uff_x, c.uff_d, c.mass), (3.851, 0.105, 12.011));
        let au = by_symbol("au").unwrap();
        assert_eq!((au.uff_x, au.uff_d, au.mass), (3.293, 0.039, 196.966569));
        assert_eq!(by_symbol("H").unwrap().uff_x, 2.886);
        let ar = by_symbol("AR").unwrap();
        assert_eq!((ar.uff_x, ar.uff_d, ar.mass), (3.868, 0.185, 39.948));
        // σ = x/2^(1/6): carbon 3.431 Å; ε/k_B of carbon 52.8 K.
        assert!((c.uff_sigma() - 3.4309).abs() < 1e-3, "{}", c.uff_sigma());
        assert!((c.uff_epsilon_kelvin() - 52.84).abs() < 0.01);
        assert_eq!(by_symbol("Tc").unwrap().mass, 98.0);
    }

    #[test]
    fn lookups_ignore_case_and_accept_numbers() {
        assert_eq!(by_symbol("CL").unwrap().number, 17);
        assert_eq!(by_symbol(" cl ").unwrap().number, 17);
        assert_eq!(parse("79").unwrap().symbol, "Au");
        assert!(parse("0").is_none() && parse("104").is_none() && parse("Xx").is_none());
        assert!(by_symbol("").is_none() && by_symbol("Og").is_none());
    }

    #[test]
    fn suggestions_find_what_was_meant() {
        assert_eq!(suggest("C1").unwrap().symbol, "C");
        assert_eq!(suggest("Fe2+").unwrap().symbol, "Fe");
        assert_eq!(suggest("gold").unwrap().symbol, "Au");
        assert_eq!(suggest("CA1").unwrap().symbol, "Ca");
        assert!(suggest("123").is_none());
    }

    #[test]
    fn masses_identify_elements() {
        assert_eq!(by_mass(12.01, 0.1).unwrap().symbol, "C");
        assert_eq!(by_mass(196.97, 0.1).unwrap().symbol, "Au");
        assert!(by_mass(1000.0, 0.1).unwrap_err().is_empty());
        // Cm and Bk both 247: ambiguous.
        assert_eq!(by_mass(247.0, 0.1).unwrap_err().len(), 2);
    }
}
