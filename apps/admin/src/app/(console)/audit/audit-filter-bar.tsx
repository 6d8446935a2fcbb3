"use client";

import { buttonClassName } from "@lore/ui/button";
import { FilterBar } from "@lore/ui/filter-bar";
import { Input } from "@lore/ui/input";
import { Label } from "@lore/ui/label";
import { Select } from "@lore/ui/select";
import { useId } from "react";

import { actionFilterOptions } from "~/lib/audit";

import { auditCsvHref, type AuditUrlFilters } from "./filters";

const TARGET_TYPES: Record<string, string> = {
  user: "User",
  group: "Group",
  session: "Session",
  document: "Document",
  ingestion_job: "Import",
  example: "Example",
  feedback: "Feedback",
  prompt_config: "Prompt version",
  message: "Answer",
  api_key: "API key",
  embedding_model: "Embedding model",
  export: "Export",
};

/** The audit log's filters (applied together, kept in the URL) and the CSV download of what they keep. */
export function AuditFilterBar({ filters, onChange }: { filters: AuditUrlFilters; onChange: (next: AuditUrlFilters) => void }) {
  const ids = { action: useId(), actor: useId(), targetType: useId(), targetId: useId(), from: useId(), to: useId() };
  const active = Object.values(filters).some(Boolean);

  function apply(form: HTMLFormElement) {
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? "").trim() || undefined;
    onChange({
      action: text("action"),
      actorEmail: text("actorEmail"),
      actorId: filters.actorId,
      targetType: text("targetType"),
      targetId: text("targetId"),
      from: text("from"),
      to: text("to"),
    });
  }

  return (
    <FilterBar
      // Remounted when the URL changes (back, Clear), so the fields show the filters in force.
      key={JSON.stringify(filters)}
      label="Filter the audit log"
      onApply={apply}
      onClear={() => onChange({})}
      active={active}
      data-testid="audit-filters"
      aside={
        <a href={auditCsvHref(filters)} download className={buttonClassName({ variant: "secondary" })} data-testid="audit-download-csv">
          Download CSV
        </a>
      }
    >
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={ids.action}>Action</Label>
        <Select id={ids.action} name="action" defaultValue={filters.action ?? ""} className="w-60" data-testid="audit-action-filter">
          <option value="">All actions</option>
          {actionFilterOptions().map((group) => (
            <optgroup key={group.prefix} label={group.family}>
              <option value={group.prefix}>All: {group.family.toLowerCase()}</option>
              {group.actions.map((action) => (
                <option key={action.value} value={action.value}>
                  {action.label}
                </option>
              ))}
            </optgroup>
          ))}
        </Select>
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={ids.actor}>Who (email)</Label>
        <Input
          id={ids.actor}
          name="actorEmail"
          type="search"
          defaultValue={filters.actorEmail ?? ""}
          placeholder="name@example.com"
          autoComplete="off"
          spellCheck={false}
          className="w-56"
          data-testid="audit-actor-filter"
        />
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={ids.targetType}>Target</Label>
        <Select id={ids.targetType} name="targetType" defaultValue={filters.targetType ?? ""} className="w-44">
          <option value="">Any target</option>
          {Object.entries(TARGET_TYPES).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={ids.targetId}>Target id</Label>
        <Input
          id={ids.targetId}
          name="targetId"
          defaultValue={filters.targetId ?? ""}
          autoComplete="off"
          spellCheck={false}
          className="w-48 font-mono"
        />
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={ids.from}>From</Label>
        <Input id={ids.from} name="from" type="date" defaultValue={filters.from ?? ""} className="w-40" />
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={ids.to}>To</Label>
        <Input id={ids.to} name="to" type="date" defaultValue={filters.to ?? ""} className="w-40" />
      </div>
    </FilterBar>
  );
}
