"use client";

import { useMemo } from "react";
import { fieldErrorsOf } from "@/app/_components/trpc";
import { useErrorText } from "./error-text";

/**
 * Field errors of a failed registry mutation, for forms. Paths lose the `fields.` prefix of the
 * input (`fields.figures.0.value` → `figures.0.value`) so zod's and the services' errors meet under
 * one name; `translate` knows the registry's own messages, the common table the rest.
 */
export function useRegistryFieldErrors(translate: (message: string) => string | null) {
  const errorText = useErrorText();
  return useMemo(() => {
    const fieldErrors = (error: unknown): Record<string, string> =>
      Object.fromEntries(
        Object.entries(fieldErrorsOf(error)).map(([path, message]) => {
          const field = path.replace(/^fields\./, "");
          return [field, translate(message) ?? errorText.fieldMessage(field, message)];
        }),
      );
    /** The form's alert: errors it cannot place beside a field, "check the fields", or the code's sentence. */
    const describe = (error: unknown, placed: (field: string) => boolean) => {
      const fields = fieldErrors(error);
      const elsewhere = Object.entries(fields).filter(([field]) => !placed(field));
      if (elsewhere.length) return elsewhere.map(([, message]) => message).join(" ");
      if (Object.keys(fields).length) return errorText.describe(error, Object.keys(fieldErrorsOf(error)));
      return errorText.summary(error);
    };
    return { fieldErrors, describe };
  }, [errorText, translate]);
}
