pub fn run(_a: Vec<String>) -> i32 {0}
