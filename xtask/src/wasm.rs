//! What the release build reads from wasm modules.

use anyhow::{bail, Context, Result};
use std::collections::BTreeSet;
use wasmparser::{ConstExpr, DataKind, Operator, Parser, Payload};

/// Where the stack and the data start in linear memory.
#[derive(Debug, PartialEq, Eq)]
pub struct Layout {
    /// The stack pointer's initial value (the first global the module defines).
    pub stack: i32,
    /// The lowest offset of an active data segment.
    pub data: i32,
}

impl Layout {
    /// The stack comes first in memory (it starts at or below every data
    /// segment, growing down towards 0), as Rust links wasm32, with at least
    /// 1 KiB below it: so memory's lowest 1 KiB is touched only by a stack
    /// that has already overflowed, and wasm-opt may assume it unused
    /// (`--low-memory-unused`).
    pub fn stack_first(&self) -> bool {
        1024 <= self.stack && self.stack <= self.data
    }
}

/// The module's [`Layout`].
pub fn layout(module: &[u8]) -> Result<Layout> {
    let mut stack = None;
    let mut data: Option<i32> = None;
    for payload in Parser::new(0).parse_all(module) {
        match payload? {
            Payload::GlobalSection(globals) if stack.is_none() => {
                if let Some(global) = globals.into_iter().next() {
                    stack = Some(i32_const(&global?.init_expr)?);
                }
            }
            Payload::DataSection(segments) => {
                for segment in segments {
                    if let DataKind::Active { offset_expr, .. } = segment?.kind {
                        let offset = i32_const(&offset_expr)?;
                        data = Some(data.map_or(offset, |lowest| lowest.min(offset)));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(Layout {
        stack: stack.context("the module defines no global (no stack pointer)")?,
        data: data.context("the module has no active data segment")?,
    })
}

/// The value of an `i32.const N; end` expression.
fn i32_const(expr: &ConstExpr) -> Result<i32> {
    match expr.get_operators_reader().read()? {
        Operator::I32Const { value } => Ok(value),
        other => bail!("not an i32.const expression: {other:?}"),
    }
}

/// The names of everything the module imports (functions, memories…), of
/// any module.
pub fn imported_names(module: &[u8]) -> Result<BTreeSet<String>> {
    let mut names = BTreeSet::new();
    for payload in Parser::new(0).parse_all(module) {
        if let Payload::ImportSection(imports) = payload? {
            for import in imports.into_imports() {
                names.insert(import?.name.to_owned());
            }
        }
    }
    Ok(names)
}

/// The names the module exports.
pub fn exported_names(module: &[u8]) -> Result<BTreeSet<String>> {
    let mut names = BTreeSet::new();
    for payload in Parser::new(0).parse_all(module) {
        if let Payload::ExportSection(exports) = payload? {
            for export in exports {
                names.insert(export?.name.to_owned());
            }
        }
    }
    Ok(names)
}

#[cfg(test)]
pub mod tests {
    use super::*;

    /// A module with `imports` (module "wbg", functions of type 0), one
    /// i32 global set to `stack`, and an active data segment at each of `data`.
    pub fn module(imports: &[&str], stack: i32, data: &[i32]) -> Vec<u8> {
        fn leb(mut value: u32, out: &mut Vec<u8>) {
            loop {
                let byte = (value & 0x7f) as u8;
                value >>= 7;
                out.push(if value == 0 { byte } else { byte | 0x80 });
                if value == 0 {
                    break;
                }
            }
        }
        fn sleb(mut value: i32, out: &mut Vec<u8>) {
            loop {
                let byte = (value & 0x7f) as u8;
                value >>= 7;
                let done = (value == 0 && byte & 0x40 == 0) || (value == -1 && byte & 0x40 != 0);
                out.push(if done { byte } else { byte | 0x80 });
                if done {
                    break;
                }
            }
        }
        fn section(id: u8, body: Vec<u8>, out: &mut Vec<u8>) {
            out.push(id);
            leb(body.len() as u32, out);
            out.extend(body);
        }
        fn name(text: &str, out: &mut Vec<u8>) {
            leb(text.len() as u32, out);
            out.extend(text.as_bytes());
        }
        let mut out = b"\0asm\x01\0\0\0".to_vec();
        section(1, vec![1, 0x60, 0, 0], &mut out); // one type: () -> ()
        let mut body = Vec::new();
        leb(imports.len() as u32 + 1, &mut body);
        for import in imports {
            name("wbg", &mut body);
            name(import, &mut body);
            body.extend([0, 0]); // a function of type 0
        }
        name("env", &mut body);
        name("memory", &mut body);
        body.extend([2, 0, 17]); // a memory, at least 17 pages
        section(2, body, &mut out);
        let mut body = vec![1, 0x7f, 1, 0x41]; // one mutable i32: i32.const
        sleb(stack, &mut body);
        body.push(0x0b);
        section(6, body, &mut out);
        let mut body = Vec::new();
        leb(data.len() as u32, &mut body);
        for offset in data {
            body.extend([0, 0x41]);
            sleb(*offset, &mut body);
            body.extend([0x0b, 2, b'h', b'i']);
        }
        section(11, body, &mut out);
        out
    }

    #[test]
    fn reads_the_stack_pointer_and_the_lowest_data_segment() {
        let layout = layout(&module(&[], 1_048_576, &[1_050_000, 1_048_576])).unwrap();
        assert_eq!(
            layout,
            Layout {
                stack: 1_048_576,
                data: 1_048_576
            }
        );
        assert!(layout.stack_first());
    }

    #[test]
    fn data_below_the_stack_or_a_stack_in_the_lowest_kib_is_not_stack_first() {
        assert!(!layout(&module(&[], 1_048_576, &[4096]))
            .unwrap()
            .stack_first());
        assert!(!layout(&module(&[], 512, &[4096])).unwrap().stack_first());
        assert!(layout(&module(&[], 1024, &[4096])).unwrap().stack_first());
    }

    #[test]
    fn imported_names_are_every_import() {
        let names =
            imported_names(&module(&["__wbg_log_1", "__wbg_fetch_2"], 1024, &[1024])).unwrap();
        assert_eq!(
            names.into_iter().collect::<Vec<_>>(),
            ["__wbg_fetch_2", "__wbg_log_1", "memory"]
        );
    }
}
