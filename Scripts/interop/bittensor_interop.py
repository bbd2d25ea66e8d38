#!/usr/bin/env python3
"""Interoperability checks between SubnetScoring's Swift signatures and the Bittensor key library.

Usage (JSON on stdout; driven by Tests/SignaturesTests/InteropTests.swift):
  bittensor_interop.py sign DIR       # make sr25519 and ed25519 hotkeys in DIR, sign a document with each
  bittensor_interop.py verify < JSON  # verify documents (and load hotkey files) that the Swift side made

A document is "<Bytes>On {date-time} {zone} {message}</Bytes>\\n\\tSigned by: {ss58}\\n\\tSignature: {hex}";
the signature covers the whole first line. Verification here uses only bittensor_wallet.Keypair.verify.
"""
import json
import os
import sys
import time
from datetime import datetime

from bittensor_wallet import Keyfile, Keypair

SCHEMES = {"sr25519": 1, "ed25519": 0}


def make_document(keypair, message):
    """What validators' sign_message produces: the wrapped first line signed with the hotkey."""
    line = f"<Bytes>On {datetime.now()} {time.strftime('%Z') or 'UTC'} {message}</Bytes>"
    signature = keypair.sign(line.encode("utf-8"))
    return f"{line}\n\tSigned by: {keypair.ss58_address}\n\tSignature: {signature.hex()}"


def parse_document(text):
    lines = text.rstrip().split("\n")
    if len(lines) != 3 or not lines[1].startswith("\tSigned by: ") or not lines[2].startswith("\tSignature: "):
        raise ValueError("malformed document")
    return lines[0], lines[1][len("\tSigned by: "):], bytes.fromhex(lines[2][len("\tSignature: "):])


def sign(directory):
    out = []
    for name, crypto_type in SCHEMES.items():
        mnemonic = Keypair.generate_mnemonic()
        keypair = Keypair.create_from_mnemonic(mnemonic, crypto_type=crypto_type)
        path = os.path.join(directory, f"python-{name}")
        Keyfile(path).set_keypair(keypair, encrypt=False, overwrite=True)
        message = f"reputation_request validator={keypair.ss58_address} timestamp={datetime.utcnow().isoformat()}Z"
        out.append({
            "scheme": name,
            "hotkey_file": path,
            "ss58": keypair.ss58_address,
            "public_key": keypair.public_key.hex(),
            "message": message,
            "document": make_document(keypair, message),
            "raw_message_hex": b"raw bytes \x00\x01".hex(),
            "raw_signature_hex": keypair.sign(b"raw bytes \x00\x01").hex(),
        })
    json.dump(out, sys.stdout)


def verify():
    requests = json.load(sys.stdin)
    results = []
    for request in requests:
        crypto_type = SCHEMES[request["scheme"]]
        result = {"scheme": request["scheme"]}
        line, signer, signature = parse_document(request["document"])
        keypair = Keypair(ss58_address=signer, crypto_type=crypto_type)
        result["document_valid"] = bool(keypair.verify(line.encode("utf-8"), signature))
        tampered = line.replace("timestamp=", "timestamp=9")
        result["tampered_valid"] = bool(keypair.verify(tampered.encode("utf-8"), signature))
        result["signer"] = signer
        if request.get("hotkey_file"):
            loaded = Keyfile(request["hotkey_file"]).get_keypair()
            result["hotkey_ss58"] = loaded.ss58_address
            result["hotkey_crypto_type"] = loaded.crypto_type
            probe = b"probe from python"
            result["hotkey_signs"] = bool(Keypair(ss58_address=loaded.ss58_address, crypto_type=crypto_type)
                                          .verify(probe, loaded.sign(probe)))
        results.append(result)
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "sign":
        sign(sys.argv[2])
    elif len(sys.argv) == 2 and sys.argv[1] == "verify":
        verify()
    else:
        sys.exit(__doc__)
