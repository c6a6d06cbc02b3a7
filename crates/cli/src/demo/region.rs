//! The fictional region's areas: three countries with codes from ISO's user-assigned range, their
//! provinces and districts, as the CSV that `homeward areas import` reads.

/// The fictional region as area CSV: three countries, provinces (adm1) and districts (adm2).
pub fn region_csv() -> String {
    let countries = [
        ("XA", "Amberland", 2),
        ("XB", "Borealis", 4),
        ("XC", "Cedaria", 4),
    ];
    let provinces = ["North", "South", "East", "West"];
    let districts = [
        "Riverside",
        "Hillcrest",
        "Lakeshore",
        "Stonebridge",
        "Meadowvale",
    ];
    let mut csv = String::from("pcode,name,level,parent\n");
    for (code, name, n_adm1) in countries {
        csv.push_str(&format!("{code},{name},country,\n"));
        for (i, p) in provinces.iter().take(n_adm1).enumerate() {
            let adm1 = format!("{code}{:02}", i + 1);
            csv.push_str(&format!("{adm1},{p} {name},adm1,{code}\n"));
            for (j, d) in districts.iter().enumerate() {
                csv.push_str(&format!("{adm1}{:02},{d},adm2,{adm1}\n", j + 1));
            }
        }
    }
    csv
}
