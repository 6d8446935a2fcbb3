// A tiny evaluation set and the knowledge it asks about, shared by the workbench's tests in core and in the API.
import { markdownDoc } from "./documents";

/** Three cases in the datasets' JSONL shape: two answerable (one source each), one unanswerable. */
export const EVAL_CASES = [
  {
    id: "leave",
    question: "How many days of annual leave does an employee get per year?",
    answers: ["27 days"],
    source_ids: ["leave"],
    answerable: true,
  },
  {
    id: "expenses",
    question: "When are travel expenses reimbursed?",
    answers: ["within 30 days"],
    source_ids: ["expenses"],
    answerable: true,
  },
  { id: "mongolia", question: "What is the capital of Mongolia?", answers: [], source_ids: [], answerable: false },
];

/**
 * The pages the answerable cases need, plus one they do not. The leave page's external id has a folder in it, as an
 * upload of a folder gives: the cases name it by its last segment.
 */
export const evalPages = () => [
  markdownDoc(
    "policies/leave",
    "Annual leave",
    "Every employee gets 27 days of annual leave per calendar year. Unused days can be carried over until March.",
  ),
  markdownDoc("expenses", "Expenses", "Travel expenses are reimbursed within 30 days when a receipt is attached to the claim."),
  markdownDoc("parking", "Parking", "Bike parking is in the basement of the main office, next to the showers."),
];

/** Rows as JSON Lines. */
export const toJsonl = (rows: readonly object[]) => rows.map((r) => JSON.stringify(r)).join("\n");
