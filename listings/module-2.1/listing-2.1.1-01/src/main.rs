//! Prints a line whenever a value is dropped, so that you can see the order Rust chooses.

// ANCHOR: noisy
/// A value that announces its own end.
struct Noisy(&'static str);

impl Drop for Noisy {
    fn drop(&mut self) {
        println!("  drop {}", self.0);
    }
}

/// A request with two owned fields: dropping it drops them, in declaration order.
struct Request {
    headers: Noisy,
    body: Noisy,
}
// ANCHOR_END: noisy

/// Takes ownership of the request: when this function returns, the request is gone.
fn handle(request: Request) {
    println!("  handling {} and {}", request.headers.0, request.body.0);
}

// ANCHOR: main
fn main() {
    println!("1. locals drop in reverse order of declaration:");
    {
        let _first = Noisy("first");
        let _second = Noisy("second");
        println!("  end of scope");
    }

    println!("2. a struct drops its fields in declaration order:");
    {
        let _request = Request {
            headers: Noisy("headers"),
            body: Noisy("body"),
        };
        println!("  end of scope");
    }

    println!("3. a temporary drops at the end of its statement:");
    {
        let length = Noisy("temporary").0.len();
        println!("  the temporary's name had {length} bytes");
    }

    println!("4. a moved value drops where its new owner ends:");
    {
        let request = Request {
            headers: Noisy("moved headers"),
            body: Noisy("moved body"),
        };
        handle(request);
        println!("  back in the caller: nothing left to drop");
    }

    println!("5. assigning over a value drops the old one at once:");
    {
        let mut slot = Noisy("old value");
        println!("  holding {}, assigning", slot.0);
        slot = Noisy("new value");
        println!("  assigned, now holding {}", slot.0);
    }

    println!("6. `let _ = value` does not move, `drop(value)` does:");
    {
        let kept = Noisy("kept by let _");
        let _ = kept;
        drop(Noisy("dropped early"));
        println!("  end of scope");
    }
}
// ANCHOR_END: main
