// stub: replaced by the real module
